package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the {@code dns} checker: a service is up when its name resolves, to what it should. */
public final class DnsCheckerProvider implements HealthCheckerProvider {

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public HealthChecker create(PluginContext context) {
        return new DnsHealthChecker(context.clock());
    }
}
