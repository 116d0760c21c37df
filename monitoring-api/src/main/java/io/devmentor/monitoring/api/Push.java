package io.devmentor.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A report that a service sent of itself, as a cron job or a batch run does at its end: a push monitor is up
 * while such reports keep coming, on time and saying up.
 *
 * @param status what the service says of itself: {@code UP} or {@code DOWN}
 * @param message what it says, such as {@code imported 1204 rows}; may be empty
 * @param ping how long its own work or round trip took, if it says
 * @param at when the report arrived
 */
public record Push(HealthStatus status, String message, Optional<Duration> ping, Instant at) {

    /** The longest message kept. */
    public static final int MAX_MESSAGE = 500;

    /** Validates the components. */
    public Push {
        Objects.requireNonNull(status, "status");
        if (status != HealthStatus.UP && status != HealthStatus.DOWN) {
            throw new IllegalArgumentException("status must be up or down, was " + status.wireName());
        }
        Objects.requireNonNull(message, "message");
        if (message.length() > MAX_MESSAGE) {
            throw new IllegalArgumentException("msg must be at most " + MAX_MESSAGE + " characters");
        }
        Objects.requireNonNull(ping, "ping");
        ping.ifPresent(p -> {
            if (p.isNegative()) {
                throw new IllegalArgumentException("ping must not be negative");
            }
        });
        Objects.requireNonNull(at, "at");
    }
}
