package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows of one service at one moment.
 *
 * @param definition the service as configured
 * @param status its health
 * @param since when it entered that health
 * @param lastResult the last check's result
 * @param consecutiveFailures failed checks in a row
 * @param checks checks so far
 * @param failures failed checks so far
 * @param responseTime mean response time over the sliding window
 * @param maxResponseTime slowest response over the sliding window
 * @param errorRate ratio of failed checks over the sliding window
 * @param correlationId the id shared by the events of the current outage, while there is one
 * @param breaches the thresholds the service is over now ({@code errorRate}, {@code responseTime}), and since when
 */
public record ServiceState(
        ServiceDefinition definition,
        HealthStatus status,
        Instant since,
        Optional<CheckResult> lastResult,
        int consecutiveFailures,
        long checks,
        long failures,
        Duration responseTime,
        Duration maxResponseTime,
        double errorRate,
        Optional<String> correlationId,
        java.util.Map<String, Instant> breaches) {

    /** Validates the components. */
    public ServiceState {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(maxResponseTime, "maxResponseTime");
        Objects.requireNonNull(correlationId, "correlationId");
        breaches = java.util.Map.copyOf(breaches);
    }

    /** Its health as the {@code service.health.status} gauge and history show it: 1 up, 0.5 degraded, 0 down. */
    public double statusValue() {
        switch (status) {
            case UP:
                return 1;
            case DEGRADED:
                return 0.5;
            case DOWN:
                return 0;
            default:
                return Double.NaN;
        }
    }

    /**
     * The service's name.
     *
     * @return the name
     */
    public String name() {
        return definition.name();
    }

    /**
     * How long the service has been up, at a given time.
     *
     * @param now the time
     * @return the time since it became UP; zero when it is not UP
     */
    public Duration uptime(Instant now) {
        return status == HealthStatus.UP && now.isAfter(since) ? Duration.between(since, now) : Duration.ZERO;
    }

    /**
     * The share of checks so far that did not fail.
     *
     * @return 0–1; 1 before the first check
     */
    public double availability() {
        return checks == 0 ? 1.0 : (double) (checks - failures) / checks;
    }
}
