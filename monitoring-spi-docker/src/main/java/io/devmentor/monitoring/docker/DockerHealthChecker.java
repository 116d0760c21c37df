package io.devmentor.monitoring.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Checks a container's state and its HEALTHCHECK: running and healthy (or without a health check) is UP;
 * paused, or a health check still starting, is DEGRADED; stopped, restarting, dead or unhealthy is DOWN. When
 * the daemon cannot be asked, the answer is UNKNOWN: a daemon restart is not every container's outage.
 */
final class DockerHealthChecker implements HealthChecker {

    private final DockerApi api;
    private final Clock clock;
    // docker-java blocks; the engine's threads must not. Two threads: an inspection takes a millisecond or two.
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread t = new Thread(runnable, "docker-health");
        t.setDaemon(true);
        return t;
    });

    DockerHealthChecker(DockerApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** The container a service is: its {@code container} setting, else its name. */
    static String container(ServiceDefinition service) {
        return service.settings().getOrDefault(DockerSettings.CONTAINER_SETTING, service.name());
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        try {
            return CompletableFuture.supplyAsync(() -> inspect(container(service)), threads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CheckResult inspect(String container) {
        long started = System.nanoTime();
        InspectContainerResponse response;
        try {
            response = api.inspect(container);
        } catch (NotFoundException e) {
            return result(HealthStatus.DOWN, started, "no container named " + container, Map.of());
        } catch (RuntimeException e) {
            return result(HealthStatus.UNKNOWN, started, "Docker cannot be reached: "
                    + DockerDiscovery.rootMessage(e), Map.of());
        }
        InspectContainerResponse.ContainerState state = response.getState();
        String status = state == null || state.getStatus() == null ? "unknown" : state.getStatus();
        HealthState health = state == null ? null : state.getHealth();
        String healthStatus = health == null || health.getStatus() == null ? "" : health.getStatus();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("container", container);
        details.put("state", status);
        if (!healthStatus.isEmpty()) {
            details.put("health", healthStatus);
        }
        if (response.getRestartCount() != null) {
            details.put("restartCount", response.getRestartCount());
        }
        if (Boolean.TRUE.equals(state == null ? null : state.getOOMKilled())) {
            return result(HealthStatus.DOWN, started, "container " + status + ": killed for lack of memory (OOM)",
                    details);
        }
        switch (status) {
            case "running":
                if (healthStatus.equals("unhealthy")) {
                    return result(HealthStatus.DOWN, started, "container unhealthy" + lastOutput(health), details);
                }
                if (healthStatus.equals("starting")) {
                    return result(HealthStatus.DEGRADED, started, "container running, health check starting",
                            details);
                }
                return result(HealthStatus.UP, started, healthStatus.isEmpty() ? "container running"
                        : "container running, " + healthStatus, details);
            case "paused":
                return result(HealthStatus.DEGRADED, started, "container paused", details);
            default:
                Long exit = state == null ? null : state.getExitCodeLong();
                if (exit != null) {
                    details.put("exitCode", exit);
                }
                return result(HealthStatus.DOWN, started, "container " + status
                        + (exit != null && !status.equals("created") ? " (exit code " + exit + ")" : ""), details);
        }
    }

    private static String lastOutput(@Nullable HealthState health) {
        if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
            return "";
        }
        String output = health.getLog().get(health.getLog().size() - 1).getOutput();
        if (output == null || output.isBlank()) {
            return "";
        }
        output = output.strip();
        return ": " + (output.length() > 200 ? output.substring(0, 200) + "…" : output);
    }

    private CheckResult result(HealthStatus status, long startedNanos, String message, Map<String, Object> details) {
        return new CheckResult(status, clock.instant(), Duration.ofNanos(System.nanoTime() - startedNanos), message,
                details);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        api.close();
    }
}
