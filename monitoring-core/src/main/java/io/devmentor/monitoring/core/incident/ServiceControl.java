package io.devmentor.monitoring.core.incident;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.RestartPolicy;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.spi.ServiceController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts services through the installed service controllers: at most one restart of a service at a
 * time, every restart remembered for the auto-restart limits, every outcome published as
 * {@code service.restarted}.
 */
public final class ServiceControl {

    /** What the auto-restart policy allows now. */
    enum Decision { RESTART, COOLDOWN, LIMIT_REACHED }

    private static final Logger log = LoggerFactory.getLogger(ServiceControl.class);

    /** Makes a span of each restart, as long as the controller takes. */
    private final Tracer tracer;
    private final List<ServiceController> controllers;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final Map<String, ArrayDeque<Instant>> history = new HashMap<>();
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    private final Consumer<String> restartEnded;

    /**
     * @param restartEnded told the name of a service whose restart ended, either way (the engine checks it
     *     at once: its checks pause while the restart is under way)
     */
    public ServiceControl(List<ServiceController> controllers, Clock clock, Consumer<MonitoringEvent> publish,
            Consumer<String> restartEnded, Tracer tracer) {
        this.tracer = tracer;
        this.controllers = List.copyOf(controllers);
        this.clock = clock;
        this.publish = publish;
        this.restartEnded = restartEnded;
    }

    /** Whether a restart of the service is under way: its checks would only see it stopping and starting. */
    public boolean restarting(String service) {
        return inProgress.contains(service);
    }

    public Optional<ServiceController> controllerFor(ServiceDefinition service) {
        for (ServiceController controller : controllers) {
            try {
                if (controller.controls(service)) {
                    return Optional.of(controller);
                }
            } catch (RuntimeException e) {
                log.warn("service controller {} failed on {}: {}", controller.getClass().getName(), service.name(),
                        e.toString());
            }
        }
        return Optional.empty();
    }

    /** Why the controllers that know the service's kind do not restart it, when they say. */
    private Optional<String> refusals(ServiceDefinition service) {
        List<String> reasons = new java.util.ArrayList<>();
        for (ServiceController controller : controllers) {
            try {
                controller.refusal(service).ifPresent(reasons::add);
            } catch (RuntimeException e) {
                log.warn("service controller {} failed on {}: {}", controller.getClass().getName(), service.name(),
                        e.toString());
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /** Whether the policy lets the engine restart the service now. */
    synchronized Decision decide(ServiceDefinition service, RestartPolicy policy) {
        Instant now = clock.instant();
        ArrayDeque<Instant> restarts = recent(service.name(), now);
        if (restarts.size() >= policy.maxPerHour()) {
            return Decision.LIMIT_REACHED;
        }
        Instant last = restarts.peekLast();
        if (last != null && Duration.between(last, now).compareTo(policy.cooldown()) < 0) {
            return Decision.COOLDOWN;
        }
        return Decision.RESTART;
    }

    private ArrayDeque<Instant> recent(String service, Instant now) {
        ArrayDeque<Instant> restarts = history.computeIfAbsent(service, s -> new ArrayDeque<>());
        while (!restarts.isEmpty() && Duration.between(restarts.peekFirst(), now).toHours() >= 1) {
            restarts.removeFirst();
        }
        return restarts;
    }

    /**
     * Restarts a service.
     *
     * @throws IllegalStateException when no controller controls it, or a restart of it is under way
     */
    @SuppressWarnings("try") // the span's scope only needs to be open while the controller starts the restart
    CompletionStage<RestartResult> restart(ServiceDefinition service, Actor actor, String reason) {
        ServiceController controller = controllerFor(service).orElseThrow(() -> new IllegalStateException(
                "no service controller can restart '" + service.name() + "': " + refusals(service)
                        .orElse("set its settings.restartUrl, or install a controller plugin such as the Docker adapter")));
        if (!inProgress.add(service.name())) {
            throw new IllegalStateException("a restart of '" + service.name() + "' is already under way");
        }
        synchronized (this) {
            recent(service.name(), clock.instant()).addLast(clock.instant());
        }
        log.info("restarting {} ({}, by {})", service.name(), reason, actor.name());
        long started = System.nanoTime();
        Span span = tracer.spanBuilder("restart " + service.name()).setAttribute("service.name", service.name())
                .setAttribute("restart.actor", actor.name()).setAttribute("restart.reason", reason).startSpan();
        CompletionStage<RestartResult> stage;
        try (Scope current = span.makeCurrent()) {
            stage = controller.restart(service);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, failure) -> {
            inProgress.remove(service.name());
            restartEnded.accept(service.name());
            RestartResult outcome = failure == null && result != null ? result : new RestartResult(false,
                    "the controller failed: " + (failure == null ? "no result" : failure.getMessage()),
                    Duration.ofNanos(System.nanoTime() - started));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("service", service.name());
            data.put("success", outcome.success());
            data.put("message", outcome.message());
            data.put("tookMs", outcome.took().toMillis());
            data.put("actor", actor.name());
            data.put("reason", reason);
            publish.accept(MonitoringEvent.of(EventTypes.SERVICE_RESTARTED, service.name(), clock.instant(),
                    outcome.success() ? Severity.INFO : Severity.ERROR, data).withMetadata(actor.attribute(EventMetadata.EMPTY)));
            log.info("restart of {} {}: {}", service.name(), outcome.success() ? "succeeded" : "failed",
                    outcome.message());
            span.setAttribute("restart.success", outcome.success());
            if (!outcome.success()) {
                span.setStatus(StatusCode.ERROR, outcome.message());
            }
            span.end();
            return outcome;
        });
    }

    public void close() {
        controllers.forEach(controller -> {
            try {
                controller.close();
            } catch (Exception e) {
                log.warn("service controller failed to close: {}", e.toString());
            }
        });
    }
}
