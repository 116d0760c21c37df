package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.time.Duration;

/**
 * Provides the {@code docker} collector: CPU, memory, network, block I/O and restarts of each watched container.
 */
public final class DockerStatsCollectorProvider extends DockerProvider implements MetricsCollectorProvider {

    @Override
    public MetricsCollector create(PluginContext context) {
        return new DockerStatsCollector(new DockerApi(DockerSettings.from(context), Duration.ofSeconds(10)));
    }
}
