package io.devmentor.monitoring.oshi;

import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the {@code system} collector: CPU, load, memory, swap, file systems, network and the JVM, with OSHI. */
public final class SystemMetricsCollectorProvider implements MetricsCollectorProvider {

    @Override
    public String name() {
        return "system";
    }

    @Override
    public MetricsCollector create(PluginContext context) {
        return new SystemMetricsCollector();
    }
}
