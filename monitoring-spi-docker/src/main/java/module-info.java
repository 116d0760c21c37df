/**
 * The Docker adapter of DevMentor Monitoring: containers as services. Discovery by label or name through
 * Docker's event stream, a {@code docker} health checker (state and HEALTHCHECK), a collector of each
 * container's CPU, memory, network, block I/O and restarts, and a controller that restarts the containers the
 * configuration allows. Depends on the API alone; exports nothing.
 */
module io.devmentor.monitoring.docker {
    requires io.devmentor.monitoring.api;
    requires static org.jspecify;
    requires com.github.dockerjava.api;
    requires com.github.dockerjava.core;
    requires com.github.dockerjava.transport;
    requires com.github.dockerjava.transport.zerodep;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    provides io.devmentor.monitoring.spi.ServiceDiscoveryProvider
            with io.devmentor.monitoring.docker.DockerDiscoveryProvider;
    provides io.devmentor.monitoring.spi.HealthCheckerProvider
            with io.devmentor.monitoring.docker.DockerHealthCheckerProvider;
    provides io.devmentor.monitoring.spi.MetricsCollectorProvider
            with io.devmentor.monitoring.docker.DockerStatsCollectorProvider;
    provides io.devmentor.monitoring.spi.ServiceControllerProvider
            with io.devmentor.monitoring.docker.DockerServiceControllerProvider;
}
