package io.devmentor.monitoring.tck;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link PluginContext} for a plugin's tests: the settings given, a data directory, the system clock unless
 * another is given, a scheduler of one daemon thread, and the events the plugin publishes, kept for the test to
 * read. Close it to stop the scheduler.
 *
 * <pre>{@code
 * try (StubPluginContext context = StubPluginContext.in(dir).with("REDIS_URL", "redis://127.0.0.1:6379")) {
 *     EventTransport transport = new RedisEventTransportProvider().create(context);
 *     ...
 * }
 * }</pre>
 */
public final class StubPluginContext implements PluginContext, AutoCloseable {

    private final Path dataDirectory;
    private final Map<String, String> settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final List<MonitoringEvent> published;

    private StubPluginContext(Path dataDirectory, Map<String, String> settings, Clock clock,
            ScheduledExecutorService scheduler, List<MonitoringEvent> published) {
        this.dataDirectory = dataDirectory;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.published = published;
    }

    /**
     * A context whose data directory is {@code dataDirectory}, created when missing, with no settings.
     *
     * @param dataDirectory the plugin's data directory
     * @return the context
     */
    public static StubPluginContext in(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try {
            Files.createDirectories(dataDirectory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dataDirectory, e);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugin-test-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        return new StubPluginContext(dataDirectory, Map.of(), Clock.systemUTC(), scheduler,
                new CopyOnWriteArrayList<>());
    }

    /**
     * This context with one more setting; the scheduler and the published events are shared with this one.
     *
     * @param key the setting's name, as its environment variable
     * @param value its value
     * @return the new context
     */
    public StubPluginContext with(String key, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new StubPluginContext(dataDirectory, Map.copyOf(more), clock, scheduler, published);
    }

    /**
     * This context with another clock; the scheduler and the published events are shared with this one.
     *
     * @param value the clock
     * @return the new context
     */
    public StubPluginContext withClock(Clock value) {
        return new StubPluginContext(dataDirectory, settings, Objects.requireNonNull(value, "clock"), scheduler,
                published);
    }

    /**
     * The events the plugin published so far, oldest first.
     *
     * @return the events
     */
    public List<MonitoringEvent> published() {
        return List.copyOf(published);
    }

    @Override
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(dataDirectory);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void publish(MonitoringEvent event) {
        published.add(Objects.requireNonNull(event, "event"));
    }

    /** Stops the scheduler. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
