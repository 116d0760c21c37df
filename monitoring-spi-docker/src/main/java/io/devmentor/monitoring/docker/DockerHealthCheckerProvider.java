package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.time.Duration;

/**
 * Provides the {@code docker} health checker: a container's state and HEALTHCHECK, from {@code DOCKER_HOST}.
 */
public final class DockerHealthCheckerProvider extends DockerProvider implements HealthCheckerProvider {

    /** The kind of the services this adapter checks. */
    static final String KIND = "docker";


    @Override
    public HealthChecker create(PluginContext context) {
        return new DockerHealthChecker(new DockerApi(DockerSettings.from(context), Duration.ofSeconds(10)),
                context.clock());
    }
}
