package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.MonitoringEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What the engine gives a provider to configure and run its plugin. */
public interface PluginContext {

    /**
     * A configuration setting, by the name of its environment variable ({@code REDIS_URL}, {@code DOCKER_HOST}).
     *
     * @param key the setting's name
     * @return its value, when set
     */
    Optional<String> setting(String key);

    /**
     * The directory for the plugin's own files, when the host gave the engine one ({@code MONITORING_DATA_DIR},
     * or the builder's {@code dataDirectory}); it exists. Without one the engine writes no file, and a plugin that
     * needs files says so in {@link PluginProvider#availability}.
     *
     * @return the data directory, if any
     */
    Optional<Path> dataDirectory();

    /**
     * The engine's clock; plugins use it instead of the system clock so that tests can move time.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * A scheduler for short, non-blocking tasks (timeouts, retries, a periodic flush). Never block on it. What a
     * plugin schedules here ends with the engine. Unlike a plain {@link ScheduledExecutorService}, a repeating task
     * that throws is logged and runs again at its next time, so that one bad run does not end it for good.
     *
     * @return the scheduler
     */
    ScheduledExecutorService scheduler();

    /**
     * Publishes an event, as the engine's own are: a plugin reports what happens to it (an outage of its
     * server, its recovery) this way.
     *
     * @param event the event
     */
    default void publish(MonitoringEvent event) {
    }
}
