package io.devmentor.monitoring.spi;

/** Provides a {@link MetricsCollector}. */
public interface MetricsCollectorProvider extends PluginProvider<MetricsCollector> {
}
