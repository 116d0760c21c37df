package io.devmentor.monitoring.spi;

/** Provides an {@link IncidentStore}. */
public interface IncidentStoreProvider extends PluginProvider<IncidentStore> {
}
