package io.devmentor.monitoring.spring.autoconfigure;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.spring.MonitoringBuilderCustomizer;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The engine, in a Spring Boot application: its meters on the application's {@link MeterRegistry}, its settings
 * from {@code monitoring.*}, what {@link MonitoringBuilderCustomizer}s add, and each event it publishes published
 * again as a Spring application event (listen with {@code @EventListener void on(MonitoringEvent event)}).
 * Started with the context, closed with it.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "monitoring", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MonitoringProperties.class)
public class MonitoringAutoConfiguration {

    /** For Spring to make. */
    public MonitoringAutoConfiguration() {
    }

    /**
     * The engine.
     *
     * @param properties {@code monitoring.*}
     * @param registry the application's meter registry, when it has one
     * @param customizers what the application and the starter add
     * @param events where the engine's events are published again
     * @return the started engine
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Monitoring monitoring(MonitoringProperties properties, ObjectProvider<MeterRegistry> registry,
            ObjectProvider<MonitoringBuilderCustomizer> customizers, ApplicationEventPublisher events) {
        Map<String, String> settings = new LinkedHashMap<>(properties.getSettings());
        if (properties.getConfig() != null) {
            settings.put("MONITORING_CONFIG", properties.getConfig());
        }
        if (properties.getDataDirectory() != null) {
            settings.put("MONITORING_DATA_DIR", properties.getDataDirectory());
        }
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(settings, Path.of("").toAbsolutePath()));
        registry.ifAvailable(builder::meterRegistry);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        Monitoring monitoring = builder.build();
        monitoring.subscribe(EventFilter.ALL, (MonitoringEvent event) -> events.publishEvent(event));
        monitoring.start();
        return monitoring;
    }
}
