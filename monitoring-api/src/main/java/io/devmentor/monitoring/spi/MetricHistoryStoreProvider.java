package io.devmentor.monitoring.spi;

/** Provides a {@link MetricHistoryStore}. */
public interface MetricHistoryStoreProvider extends PluginProvider<MetricHistoryStore> {
}
