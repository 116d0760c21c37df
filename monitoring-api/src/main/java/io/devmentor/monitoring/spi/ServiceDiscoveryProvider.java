package io.devmentor.monitoring.spi;

/** Provides a {@link ServiceDiscovery}. */
public interface ServiceDiscoveryProvider extends PluginProvider<ServiceDiscovery> {
}
