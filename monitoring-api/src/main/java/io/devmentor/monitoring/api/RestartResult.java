package io.devmentor.monitoring.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a restart.
 *
 * @param success whether the service was restarted
 * @param message what happened, for the incident timeline
 * @param took how long it took
 */
public record RestartResult(boolean success, String message, Duration took) {
    /** Validates the components. */
    public RestartResult {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(took, "took");
    }
}
