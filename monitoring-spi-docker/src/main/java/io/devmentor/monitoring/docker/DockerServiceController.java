package io.devmentor.monitoring.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.ServiceController;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the containers of {@code docker} services that {@code DOCKER_RESTART_ALLOWED} names (by service or
 * container, or {@code *}); no other. Each call is logged; the engine puts it on the incident's timeline.
 */
final class DockerServiceController implements ServiceController {

    private static final Logger log = LoggerFactory.getLogger(DockerServiceController.class);
    /** How long a container may take to stop before it is killed. */
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final DockerApi api;
    private final DockerSettings settings;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "docker-restart");
        t.setDaemon(true);
        return t;
    });

    DockerServiceController(DockerApi api, DockerSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    @Override
    public boolean controls(ServiceDefinition service) {
        return service.kind().equals(DockerHealthCheckerProvider.KIND)
                && settings.mayRestart(service.name(), DockerHealthChecker.container(service));
    }

    @Override
    public Optional<String> refusal(ServiceDefinition service) {
        if (!service.kind().equals(DockerHealthCheckerProvider.KIND) || controls(service)) {
            return Optional.empty();
        }
        return Optional.of("the Docker adapter restarts only the services or containers that DOCKER_RESTART_ALLOWED"
                + " names (now: " + (settings.restartAllowed().isEmpty() ? "none"
                        : String.join(", ", new java.util.TreeSet<>(settings.restartAllowed()))) + ")");
    }

    @Override
    public CompletionStage<RestartResult> restart(ServiceDefinition service) {
        if (!controls(service)) {
            return CompletableFuture.completedFuture(new RestartResult(false, "restarting " + service.name()
                    + " is not allowed: add it to DOCKER_RESTART_ALLOWED", Duration.ZERO));
        }
        String container = DockerHealthChecker.container(service);
        try {
            return CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                RestartResult result;
                try {
                    api.restart(container, STOP_TIMEOUT_SECONDS);
                    result = new RestartResult(true, "container " + container + " restarted", took(started));
                } catch (NotFoundException e) {
                    result = new RestartResult(false, "no container named " + container, took(started));
                } catch (RuntimeException e) {
                    result = new RestartResult(false, "restart of container " + container + " failed: "
                            + DockerDiscovery.rootMessage(e), took(started));
                }
                log.info("audit: restart of container {} (service {}): {} in {} ms", container, service.name(),
                        result.success() ? "done" : result.message(), result.took().toMillis());
                return result;
            }, thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Duration took(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        api.close();
    }
}
