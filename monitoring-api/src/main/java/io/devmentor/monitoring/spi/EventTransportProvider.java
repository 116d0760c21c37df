package io.devmentor.monitoring.spi;

/** Provides an {@link EventTransport}. The one with the highest priority that is available is used. */
public interface EventTransportProvider extends PluginProvider<EventTransport> {
}
