package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One rolled-up step of a series' history.
 *
 * @param start the start of the step
 * @param min the lowest value in the step
 * @param avg the mean value in the step
 * @param max the highest value in the step
 * @param count how many samples the step holds
 */
public record HistoryPoint(Instant start, double min, double avg, double max, long count) {
    /** Validates the components. */
    public HistoryPoint {
        Objects.requireNonNull(start, "start");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
