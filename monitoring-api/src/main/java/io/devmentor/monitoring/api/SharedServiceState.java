package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's state as the instance that checks it shares it with the others of its cluster: enough for another
 * to take the service over where it stands, so that an outage under way is not announced again, nor under a new
 * correlation id.
 *
 * @param lastResult the last check's result
 * @param status the service's health, after retries (it may differ from the last result's while they run)
 * @param since when it entered that health
 * @param consecutiveFailures failed checks in a row
 * @param correlationId the id shared by the events of the outage under way, while there is one
 * @param breaches the thresholds the service is over now ({@code errorRate}, {@code responseTime}), and since when
 */
public record SharedServiceState(CheckResult lastResult, HealthStatus status, Instant since, int consecutiveFailures,
        Optional<String> correlationId, Map<String, Instant> breaches) {

    /** Validates and copies the components. */
    public SharedServiceState {
        Objects.requireNonNull(lastResult, "lastResult");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(correlationId, "correlationId");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must not be negative, was " + consecutiveFailures);
        }
        breaches = Map.copyOf(breaches);
    }

    /**
     * The state a lone result implies: its status since it was checked, no outage under way. For a result shared by
     * an instance of an earlier version, which shared results only.
     *
     * @param result the result
     * @return the state
     */
    public static SharedServiceState of(CheckResult result) {
        return new SharedServiceState(result, result.status(), result.checkedAt(),
                result.status() == HealthStatus.DOWN ? 1 : 0, Optional.empty(), Map.of());
    }
}
