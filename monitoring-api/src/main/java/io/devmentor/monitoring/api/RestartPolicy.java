package io.devmentor.monitoring.api;

import java.time.Duration;
import java.util.Objects;

/**
 * When the engine restarts a failing service by itself, through a service controller.
 *
 * @param after restart after this many failed checks in a row (each after its retries)
 * @param cooldown at least this long between two restarts of the service
 * @param maxPerHour at most this many restarts in any hour; past that the incident is escalated instead
 */
public record RestartPolicy(int after, Duration cooldown, int maxPerHour) {

    /** Validates the components, naming the bad one. */
    public RestartPolicy {
        if (after < 1 || after > 1000) {
            throw new IllegalArgumentException("autoRestart.after must be 1–1000, was " + after);
        }
        Objects.requireNonNull(cooldown, "cooldown");
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("autoRestart.cooldown must not be negative, was " + cooldown.toMillis());
        }
        if (maxPerHour < 1 || maxPerHour > 60) {
            throw new IllegalArgumentException("autoRestart.maxPerHour must be 1–60, was " + maxPerHour);
        }
    }
}
