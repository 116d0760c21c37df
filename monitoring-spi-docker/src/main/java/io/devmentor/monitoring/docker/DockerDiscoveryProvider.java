package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;

/**
 * Provides the {@code docker} service discovery: containers labelled {@code devmentor.monitor=true} or named in
 * {@code DOCKER_CONTAINERS} become services, followed through Docker's event stream.
 */
public final class DockerDiscoveryProvider extends DockerProvider implements ServiceDiscoveryProvider {

    @Override
    public ServiceDiscovery create(PluginContext context) {
        return new DockerDiscovery(DockerSettings.from(context), context);
    }
}
