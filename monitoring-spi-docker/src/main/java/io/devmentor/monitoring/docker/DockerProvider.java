package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.PluginContext;

/** What the adapter's four providers share: the name {@code docker}, and one answer to "can it run here". */
abstract class DockerProvider {

    /**
     * The provider's name.
     *
     * @return {@code docker}
     */
    public String name() {
        return "docker";
    }

    /**
     * Whether the Docker API can be reached where {@code DOCKER_HOST} says.
     *
     * @param context the configuration
     * @return the availability, with what to do when it cannot
     */
    public Availability availability(PluginContext context) {
        return DockerSettings.availability(context);
    }
}
