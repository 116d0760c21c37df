package io.devmentor.monitoring.spi;

/** Provides a {@link Notifier}; {@link #name()} is the channel's name. */
public interface NotifierProvider extends PluginProvider<Notifier> {
}
