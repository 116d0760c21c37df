package io.devmentor.monitoring.grpc;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;

/** Provides the {@code grpc} checker: a service is up when its server says SERVING to the standard health check. */
public final class GrpcCheckerProvider implements HealthCheckerProvider {

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public HealthChecker create(PluginContext context) {
        return new GrpcHealthChecker(context.clock());
    }
}
