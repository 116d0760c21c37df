package io.devmentor.monitoring.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the containers labelled {@code devmentor.monitor=true} or named in {@code DOCKER_CONTAINERS}, each as
 * a service of kind {@code docker}. Docker's event stream drives it: a container that dies, runs out of
 * memory, turns unhealthy or restarts is published as a {@code container.*} event and checked at once, and
 * containers that appear or vanish are picked up without a restart. When the daemon goes away it tries
 * again with backoff, and on return reads everything afresh.
 *
 * <p>A container's labels tune its service: {@code devmentor.service} (its name), {@code devmentor.interval}
 * (ms), {@code devmentor.retries}, {@code devmentor.critical=true}, {@code devmentor.depends-on} (names,
 * comma-separated).
 */
final class DockerDiscovery implements ServiceDiscovery {

    private static final Logger log = LoggerFactory.getLogger(DockerDiscovery.class);
    /** Actions after which a watched container is checked at once, and published. */
    private static final Set<String> STATE_ACTIONS = Set.of("die", "oom", "health_status", "restart", "start",
            "stop", "kill", "pause", "unpause");
    /** Actions that may change which containers are watched. */
    private static final Set<String> MEMBERSHIP_ACTIONS = Set.of("create", "destroy", "remove", "rename");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final DockerSettings settings;
    private final DockerApi api;
    private final DockerApi stream;
    private final PluginContext context;
    private final ScheduledExecutorService thread;

    // Confined to the discovery's thread.
    private Map<String, DockerApi.Watched> byId = Map.of();
    private Duration backoff = Duration.ofSeconds(1);
    private boolean reachable = true;
    private volatile @Nullable Closeable events;

    private volatile @Nullable Listener listener;
    private volatile boolean closed;

    DockerDiscovery(DockerSettings settings, PluginContext context) {
        this.settings = settings;
        this.context = context;
        this.api = new DockerApi(settings, Duration.ofSeconds(30));
        // The event stream is quiet for as long as nothing happens: no read timeout on it.
        this.stream = new DockerApi(settings, Duration.ZERO);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "docker-discovery");
            t.setDaemon(true);
            return t;
        });
    }

    @SuppressWarnings("FutureReturnValueIgnored") // its tasks end with its thread at close and log their own failures
    @Override
    public void start(Listener newListener) {
        this.listener = newListener;
        submit(this::connect, Duration.ZERO);
        thread.scheduleWithFixedDelay(() -> {
            if (reachable && events != null) {
                resync();
            }
        }, settings.resyncInterval().toMillis(), settings.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the containers, then follows the event stream; on failure, tries again later. */
    private void connect() {
        if (closed) {
            return;
        }
        closeEvents();
        if (!resync()) {
            submit(this::connect, backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            return;
        }
        backoff = Duration.ofSeconds(1);
        events = stream.events(new ResultCallback.Adapter<Event>() {
            // A broken stream reports both an error and its completion: reconnect once.
            private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void onNext(Event event) {
                submit(() -> onEvent(event), Duration.ZERO);
            }

            @Override
            public void onError(Throwable failure) {
                ended("broke (" + rootMessage(failure) + ")");
            }

            @Override
            public void onComplete() {
                ended("ended");
            }

            private void ended(String how) {
                if (!closed && ended.compareAndSet(false, true)) {
                    log.warn("Docker event stream from {} {}; reconnecting", settings.host(), how);
                    submit(DockerDiscovery.this::connect, Duration.ofSeconds(1));
                }
            }
        });
    }

    /** Reads the watched containers and reports them; false when the daemon cannot be reached. */
    private boolean resync() {
        List<DockerApi.Watched> watched;
        try {
            watched = api.watched();
        } catch (RuntimeException e) {
            if (reachable) {
                reachable = false;
                log.warn("Docker at {} cannot be reached ({}); its containers' checks report unknown until it"
                        + " answers again", settings.host(), rootMessage(e));
                context.publish(MonitoringEvent.of("docker.unavailable", "docker", context.clock().instant(),
                        Severity.WARNING, Map.of("host", settings.host().toString(), "error", rootMessage(e))));
            }
            return false;
        }
        Map<String, DockerApi.Watched> next = new LinkedHashMap<>();
        List<ServiceDefinition> services = new ArrayList<>();
        for (DockerApi.Watched container : watched) {
            try {
                services.add(definition(container));
                next.put(container.id(), container);
            } catch (IllegalArgumentException e) {
                log.warn("container {}: not watched: {}", container.name(), e.getMessage());
            }
        }
        byId = next;
        Listener current = listener;
        if (current != null) {
            current.servicesChanged(services);
        }
        if (!reachable) {
            reachable = true;
            log.info("Docker at {} answers again; checking its {} container(s) now", settings.host(), next.size());
            context.publish(MonitoringEvent.of("docker.available", "docker", context.clock().instant(),
                    Severity.INFO, Map.of("host", settings.host().toString())));
            if (current != null) {
                next.values().forEach(container -> current.checkNow(container.service()));
            }
        }
        return true;
    }

    private ServiceDefinition definition(DockerApi.Watched container) {
        Map<String, String> labels = container.labels();
        ServiceDefinition.Builder service = ServiceDefinition.builder(container.service())
                .kind(DockerHealthCheckerProvider.KIND)
                .healthEndpoint("")
                .timeout(CHECK_TIMEOUT)
                .interval(settings.checkInterval())
                .retryAttempts(1)
                .critical("true".equalsIgnoreCase(labels.get("devmentor.critical")))
                .tags("docker")
                .setting(DockerSettings.CONTAINER_SETTING, container.name());
        label(labels, "devmentor.interval", value -> service.interval(Duration.ofMillis(Long.parseLong(value))));
        label(labels, "devmentor.retries", value -> service.retryAttempts(Integer.parseInt(value)));
        label(labels, "devmentor.depends-on", value -> service.dependsOn(Arrays.stream(value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new)));
        return service.build();
    }

    private static void label(Map<String, String> labels, String key, java.util.function.Consumer<String> apply) {
        String value = labels.get(key);
        if (value != null && !value.isBlank()) {
            try {
                apply.accept(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("label " + key + "='" + value + "': " + e.getMessage(), e);
            }
        }
    }

    private void onEvent(Event event) {
        String action = event.getAction() == null ? "" : event.getAction();
        // Docker says "health_status: healthy"; podman says "health_status" with the status as an attribute.
        String kind = action.contains(":") ? action.substring(0, action.indexOf(':')).trim() : action;
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        if (MEMBERSHIP_ACTIONS.contains(kind)) {
            resync();
            return;
        }
        if (!STATE_ACTIONS.contains(kind)) {
            return;
        }
        String id = event.getId() != null ? event.getId() : event.getActor() == null ? null : event.getActor().getId();
        DockerApi.Watched container = id == null ? null : byId.get(id);
        if (container == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("container", container.name());
        data.put("containerId", container.id());
        data.put("service", container.service());
        data.put("action", kind);
        String exitCode = attributes.get("exitCode") != null ? attributes.get("exitCode")
                : attributes.get("containerExitCode");
        if (exitCode != null && kind.equals("die")) {
            data.put("exitCode", exitCode);
        }
        String health = action.contains(":") ? action.substring(action.indexOf(':') + 1).trim()
                : attributes.get("health_status");
        if (kind.equals("health_status") && health != null) {
            data.put("health", health);
        }
        if (event.getFrom() != null) {
            data.put("image", event.getFrom());
        }
        Instant at = event.getTimeNano() != null && event.getTimeNano() > 0
                ? Instant.ofEpochSecond(0, event.getTimeNano()) : context.clock().instant();
        context.publish(MonitoringEvent.of("container." + kind, container.service(), at,
                severity(kind, exitCode, health), data));
        Listener current = listener;
        if (current != null) {
            current.checkNow(container.service());
        }
    }

    private static Severity severity(String kind, @Nullable String exitCode, @Nullable String health) {
        switch (kind) {
            case "oom":
                return Severity.CRITICAL;
            case "die":
                return "0".equals(exitCode) ? Severity.INFO : Severity.ERROR;
            case "kill":
            case "stop":
            case "pause":
                return Severity.WARNING;
            case "health_status":
                return "unhealthy".equals(health == null ? "" : health.toLowerCase(Locale.ROOT))
                        ? Severity.WARNING : Severity.INFO;
            default:
                return Severity.INFO;
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // its tasks end with its thread at close and log their own failures
    private void submit(Runnable task, Duration delay) {
        if (closed) {
            return;
        }
        try {
            thread.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Docker discovery failed: {}", e.toString());
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private void closeEvents() {
        Closeable current = events;
        events = null;
        if (current != null) {
            try {
                current.close();
            } catch (java.io.IOException | RuntimeException e) {
                // The stream is gone either way.
            }
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        closeEvents();
        stream.close();
        api.close();
    }
}
