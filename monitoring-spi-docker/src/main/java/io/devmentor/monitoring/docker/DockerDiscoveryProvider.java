package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code docker} service discovery: containers labelled {@code devmentor.monitor=true} or named in
 * {@code DOCKER_CONTAINERS} become services, followed through Docker's event stream.
 */
public final class DockerDiscoveryProvider implements ServiceDiscoveryProvider {

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Availability availability(PluginContext context) {
        return DockerSettings.availability(context);
    }

    @Override
    public ServiceDiscovery create(PluginContext context) {
        return new DockerDiscovery(DockerSettings.from(context), context);
    }
}
