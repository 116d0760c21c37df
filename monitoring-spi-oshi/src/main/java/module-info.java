/**
 * The system metrics adapter of DevMentor Monitoring: the {@code system} collector (CPU, memory, disk, network),
 * read with OSHI. Like every adapter it depends on the API alone; it exports nothing, and is found through
 * {@link java.util.ServiceLoader}.
 */
module io.devmentor.monitoring.oshi {
    requires io.devmentor.monitoring.api;
    requires com.github.oshi;
    requires java.management;

    provides io.devmentor.monitoring.spi.MetricsCollectorProvider
            with io.devmentor.monitoring.oshi.SystemMetricsCollectorProvider;
}
