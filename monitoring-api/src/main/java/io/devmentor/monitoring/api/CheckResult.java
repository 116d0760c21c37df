package io.devmentor.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one health check of one service.
 *
 * @param status what the check found
 * @param checkedAt when the check finished
 * @param latency how long the check took
 * @param message a short human-readable explanation, for example {@code HTTP 503} or {@code connection refused}
 * @param details structured details (status code, body excerpt, …)
 */
public record CheckResult(
        HealthStatus status, Instant checkedAt, Duration latency, String message, Map<String, Object> details) {

    /**
     * Where a checker gives the body it read, for the service's conditions on {@code [BODY]}
     * ({@link Expectations#needsBody()}); the engine reads it there and does not keep it.
     */
    public static final String BODY_FOR_CONDITIONS = "bodyForConditions";

    /** Validates and copies the components. */
    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        Objects.requireNonNull(message, "message");
        details = Map.copyOf(details);
    }

    /**
     * A successful check.
     *
     * @param checkedAt when it finished
     * @param latency how long it took
     * @param message what was seen
     * @return the result
     */
    public static CheckResult up(Instant checkedAt, Duration latency, String message) {
        return new CheckResult(HealthStatus.UP, checkedAt, latency, message, Map.of());
    }

    /**
     * A check that found the service answering outside its expectations.
     *
     * @param checkedAt when it finished
     * @param latency how long it took
     * @param message why it is degraded
     * @return the result
     */
    public static CheckResult degraded(Instant checkedAt, Duration latency, String message) {
        return new CheckResult(HealthStatus.DEGRADED, checkedAt, latency, message, Map.of());
    }

    /**
     * A failed check.
     *
     * @param checkedAt when it finished
     * @param latency how long it took
     * @param message why it failed
     * @return the result
     */
    public static CheckResult down(Instant checkedAt, Duration latency, String message) {
        return new CheckResult(HealthStatus.DOWN, checkedAt, latency, message, Map.of());
    }

    /**
     * A copy with details added.
     *
     * @param moreDetails structured details
     * @return the copy
     */
    public CheckResult withDetails(Map<String, Object> moreDetails) {
        return new CheckResult(status, checkedAt, latency, message, moreDetails);
    }
}
