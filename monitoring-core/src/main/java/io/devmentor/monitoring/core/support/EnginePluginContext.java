package io.devmentor.monitoring.core.support;

import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The {@link PluginContext} the engine hands to providers. */
public record EnginePluginContext(Map<String, String> settings, Optional<Path> dataDirectory, Clock clock,
        ScheduledExecutorService scheduler, java.util.function.Consumer<io.devmentor.monitoring.api.MonitoringEvent> events)
        implements PluginContext {

    @Override
    public void publish(io.devmentor.monitoring.api.MonitoringEvent event) {
        events.accept(event);
    }

    @Override
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
    }
}
