package io.devmentor.monitoring.spring.autoconfigure;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.spring.MonitoringBuilderCustomizer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The application's Actuator health indicators as services of kind {@value #KIND}, each asked every
 * {@code monitoring.health-indicators.interval}: UP is UP, DOWN and OUT_OF_SERVICE are DOWN, UNKNOWN is UNKNOWN, and
 * any status of the application's own is DEGRADED. An indicator may block (a database's does), so each is asked on a
 * thread of two of its own, never on the engine's.
 */
final class HealthIndicatorChecks implements MonitoringBuilderCustomizer, DisposableBean {

    static final String KIND = "spring-health";
    private static final List<String> SUFFIXES = List.of("HealthIndicator", "HealthContributor");

    private final Map<String, HealthIndicator> indicators;
    private final MonitoringProperties.HealthIndicators settings;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "monitoring-health-indicators");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param beans the indicators by bean name
     * @param settings which to watch, and how often
     */
    HealthIndicatorChecks(Map<String, HealthIndicator> beans, MonitoringProperties.HealthIndicators settings) {
        this.settings = settings;
        this.indicators = new LinkedHashMap<>();
        beans.forEach((bean, indicator) -> {
            String name = name(bean);
            if (!settings.getExclude().contains(name)) {
                indicators.put(name, indicator);
            }
        });
    }

    /** The name Actuator gives it: the bean's, without a {@code HealthIndicator} or {@code HealthContributor} suffix. */
    static String name(String bean) {
        for (String suffix : SUFFIXES) {
            if (bean.length() > suffix.length() && bean.endsWith(suffix)) {
                return bean.substring(0, bean.length() - suffix.length());
            }
        }
        return bean;
    }

    @Override
    public void customize(MonitoringBuilder builder) {
        builder.healthChecker(KIND, service -> {
            HealthIndicator indicator = indicators.get(service.name());
            if (indicator == null) {
                return CompletableFuture.completedFuture(new CheckResult(HealthStatus.UNKNOWN, Instant.now(),
                        Duration.ZERO, "no health indicator named " + service.name(), Map.of()));
            }
            return CompletableFuture.supplyAsync(() -> ask(indicator), threads);
        });
        indicators.keySet().forEach(name -> builder.service(ServiceDefinition.builder(name).kind(KIND)
                .interval(settings.getInterval()).timeout(settings.getTimeout()).retryAttempts(0)
                .tags("spring").build()));
    }

    private static CheckResult ask(HealthIndicator indicator) {
        long started = System.nanoTime();
        Health health;
        try {
            health = indicator.health();
        } catch (RuntimeException e) {
            return CheckResult.down(Instant.now(), Duration.ofNanos(System.nanoTime() - started),
                    "the health indicator failed: " + e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Status status = health.getStatus();
        HealthStatus mapped = status.equals(Status.UP) ? HealthStatus.UP
                : status.equals(Status.DOWN) || status.equals(Status.OUT_OF_SERVICE) ? HealthStatus.DOWN
                : status.equals(Status.UNKNOWN) ? HealthStatus.UNKNOWN : HealthStatus.DEGRADED;
        Map<String, Object> details = new LinkedHashMap<>();
        health.getDetails().forEach((key, value) -> details.put(key, String.valueOf(value)));
        String message = status.getCode() + (status.getDescription().isEmpty() ? "" : ": " + status.getDescription());
        return new CheckResult(mapped, Instant.now(), took, message, details);
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
