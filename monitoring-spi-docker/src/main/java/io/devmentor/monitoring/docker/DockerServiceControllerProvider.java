package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.ServiceController;
import io.devmentor.monitoring.spi.ServiceControllerProvider;
import java.time.Duration;

/**
 * Provides the {@code docker} service controller: restarts the containers that {@code DOCKER_RESTART_ALLOWED} allows.
 */
public final class DockerServiceControllerProvider extends DockerProvider implements ServiceControllerProvider {

    @Override
    public ServiceController create(PluginContext context) {
        DockerSettings settings = DockerSettings.from(context);
        return new DockerServiceController(new DockerApi(settings, Duration.ofSeconds(30)), settings);
    }
}
