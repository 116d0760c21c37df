package io.devmentor.monitoring.spring.autoconfigure;

import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.spring.MonitoringBuilderCustomizer;
import java.util.Map;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator: the application's health indicators watched as services, and the engine's services in
 * {@code /actuator/health} under {@code monitoring}.
 */
@AutoConfiguration(after = MonitoringAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "monitoring", name = "enabled", matchIfMissing = true)
public class MonitoringHealthAutoConfiguration {

    /** For Spring to make. */
    public MonitoringHealthAutoConfiguration() {
    }

    /**
     * The application's health indicators, as services of the engine.
     *
     * @param indicators the application's indicators, by bean name
     * @param properties {@code monitoring.health-indicators.*}
     * @return what adds them to the engine
     */
    @Bean
    @ConditionalOnProperty(prefix = "monitoring.health-indicators", name = "enabled", matchIfMissing = true)
    public MonitoringBuilderCustomizer monitoringHealthIndicatorChecks(Map<String, HealthIndicator> indicators,
            MonitoringProperties properties) {
        return new HealthIndicatorChecks(indicators, properties.getHealthIndicators());
    }

    /**
     * The engine's services as health components, named {@code monitoring}.
     *
     * @param monitoring the engine
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "monitoringHealthContributor")
    public HealthContributor monitoringHealthContributor(Monitoring monitoring) {
        return new MonitoringHealthContributor(monitoring);
    }
}
