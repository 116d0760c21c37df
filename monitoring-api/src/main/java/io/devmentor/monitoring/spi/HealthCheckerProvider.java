package io.devmentor.monitoring.spi;

/**
 * Provides the {@link HealthChecker} for one kind of service; {@link #name()} is the kind, as services
 * name it in their {@code type}.
 */
public interface HealthCheckerProvider extends PluginProvider<HealthChecker> {
}
