package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.ServiceControllerProvider;
import io.devmentor.monitoring.spi.ServiceController;
import io.devmentor.monitoring.spi.PluginContext;
import java.time.Duration;

/**
 * Provides the {@code docker} service controller: restarts the containers that {@code DOCKER_RESTART_ALLOWED} allows.
 */
public final class DockerServiceControllerProvider implements ServiceControllerProvider {

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Availability availability(PluginContext context) {
        return DockerSettings.availability(context);
    }

    @Override
    public ServiceController create(PluginContext context) {
        DockerSettings settings = DockerSettings.from(context);
        return new DockerServiceController(new DockerApi(settings, Duration.ofSeconds(30)), settings);
    }
}
