package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the {@code push} checker: a service is up while it reports on time that it is. */
public final class PushCheckerProvider implements HealthCheckerProvider {

    @Override
    public String name() {
        return "push";
    }

    @Override
    public HealthChecker create(PluginContext context) {
        return new PushChecker(context.clock());
    }
}
