package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a service's last checks, as a heartbeat bar shows it.
 *
 * @param checkedAt when it ran
 * @param status what it found
 * @param responseTime how long it took
 * @param message what it said, kept for checks that were not UP (an UP check's message is the service's usual one)
 */
public record RecentCheck(Instant checkedAt, HealthStatus status, Duration responseTime, Optional<String> message) {

    /** Validates the components. */
    public RecentCheck {
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(message, "message");
    }
}
