package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code http} checker. Setting {@code MONITORING_HTTP_MAX_BODY_BYTES} bounds how much of a
 * body is read (default 1 MiB; a service's {@code settings.maxBodyBytes} sets its own); a longer body fails the
 * check.
 */
public final class HttpCheckerProvider implements HealthCheckerProvider {

    /** The bound on the body read when none is configured. */
    static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    @Override
    public String name() {
        return "http";
    }

    @Override
    public HealthChecker create(PluginContext context) {
        int maxBody = context.setting("MONITORING_HTTP_MAX_BODY_BYTES")
                .map(Integer::parseInt)
                .orElse(DEFAULT_MAX_BODY_BYTES);
        if (maxBody < 0) {
            throw new IllegalArgumentException("MONITORING_HTTP_MAX_BODY_BYTES must not be negative, was " + maxBody);
        }
        // Targets see which instance checks them: with several, the one to look at in its log.
        String userAgent = context.setting("MONITORING_INSTANCE_ID").filter(id -> !id.isBlank())
                .map(id -> "devmentor-monitoring (instance " + id.trim() + ")").orElse("devmentor-monitoring");
        return new HttpHealthChecker(context.clock(), maxBody, userAgent, context::setting);
    }
}
