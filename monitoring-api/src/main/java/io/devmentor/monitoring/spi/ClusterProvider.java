package io.devmentor.monitoring.spi;

/** Provides a {@link Cluster}: without one, an engine checks all its services itself. */
public interface ClusterProvider extends PluginProvider<Cluster> {
}
