package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.EventStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code memory} event store: the newest {@code MONITORING_EVENT_HISTORY_SIZE} events (default
 * 1,000) in memory, for tests and embedding; nothing survives a restart.
 */
public final class MemoryEventStoreProvider implements EventStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public EventStore create(PluginContext context) {
        return new MemoryEventStore(Integer.parseInt(context.setting("MONITORING_EVENT_HISTORY_SIZE").orElse("1000")));
    }
}
