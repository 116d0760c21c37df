package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.io.IOException;

/** Provides the {@code tcp} checker: a service is up when a TCP connection to it opens. */
public final class TcpCheckerProvider implements HealthCheckerProvider {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public HealthChecker create(PluginContext context) throws IOException {
        return new TcpHealthChecker(context.clock());
    }
}
