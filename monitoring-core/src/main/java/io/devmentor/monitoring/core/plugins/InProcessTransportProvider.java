package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.spi.EventTransportProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the in-process transport: events go straight from producer to dispatcher. */
public final class InProcessTransportProvider implements EventTransportProvider {

    @Override
    public String name() {
        return "in-process";
    }

    /** The lowest priority: any available cross-instance transport wins over this one. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public EventTransport create(PluginContext context) {
        return new InProcessTransport();
    }
}
