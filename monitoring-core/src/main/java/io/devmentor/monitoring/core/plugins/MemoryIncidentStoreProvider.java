package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.IncidentStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the {@code memory} incident store: for tests and embedding; nothing survives a restart. */
public final class MemoryIncidentStoreProvider implements IncidentStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public IncidentStore create(PluginContext context) {
        return new MemoryIncidentStore();
    }
}
