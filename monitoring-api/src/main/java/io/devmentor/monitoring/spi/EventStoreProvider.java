package io.devmentor.monitoring.spi;

/** Provides an {@link EventStore}. */
public interface EventStoreProvider extends PluginProvider<EventStore> {
}
