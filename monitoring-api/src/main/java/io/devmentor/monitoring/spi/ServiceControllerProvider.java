package io.devmentor.monitoring.spi;

/** Provides a {@link ServiceController}. */
public interface ServiceControllerProvider extends PluginProvider<ServiceController> {
}
