package io.devmentor.monitoring.spring;

import io.devmentor.monitoring.core.MonitoringBuilder;

/**
 * Adds to the engine the starter builds, before it is built: services, checkers, plugins. Declare one as a bean;
 * every one is applied, in bean order.
 */
@FunctionalInterface
public interface MonitoringBuilderCustomizer {

    /**
     * Changes the builder.
     *
     * @param builder the engine's builder, with the application's settings and registry already given
     */
    void customize(MonitoringBuilder builder);
}
