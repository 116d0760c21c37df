package io.devmentor.monitoring.examples.heartbeat;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code heartbeat} checker: a service (a batch job, a worker without an HTTP port) is up
 * while it keeps touching a file. In the services file:
 *
 * <pre>
 * services:
 *   nightly-import:
 *     type: heartbeat
 *     settings:
 *       path: /var/run/import.heartbeat
 *       maxAgeMs: 60000
 * </pre>
 */
public final class HeartbeatCheckerProvider implements HealthCheckerProvider {

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public HealthChecker create(PluginContext context) {
        return new HeartbeatChecker(context.clock());
    }
}
