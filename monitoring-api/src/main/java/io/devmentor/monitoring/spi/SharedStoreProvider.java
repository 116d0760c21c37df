package io.devmentor.monitoring.spi;

/** Provides a {@link SharedStore}, chosen with {@code MONITORING_SHARED_STORE}. */
public interface SharedStoreProvider extends PluginProvider<SharedStore> {
}
