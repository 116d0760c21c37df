package io.devmentor.monitoring.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The share of a service's checks that were not DOWN (UP or DEGRADED) over the last day, week and month, from the
 * metric history: empty for a window without checks, or past what the history keeps.
 *
 * @param service the service's name
 * @param lastDay the last 24 hours, 0–1
 * @param lastWeek the last 7 days, 0–1
 * @param lastMonth the last 30 days, 0–1
 */
public record Uptime(String service, Optional<Double> lastDay, Optional<Double> lastWeek, Optional<Double> lastMonth) {

    /** Validates the components. */
    public Uptime {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(lastDay, "lastDay");
        Objects.requireNonNull(lastWeek, "lastWeek");
        Objects.requireNonNull(lastMonth, "lastMonth");
    }
}
