package io.devmentor.monitoring.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Patterns found in the incidents of the last 30 days and in the series of the last hour.
 *
 * @param recurring incidents that come back: at the same time of day or week, after restarts, or of one cause
 * @param correlated series that moved together over the last hour
 * @param at when they were found
 */
public record PatternReport(List<Recurring> recurring, List<Correlation> correlated, Instant at) {

    /** Copies the components. */
    public PatternReport {
        recurring = List.copyOf(recurring);
        correlated = List.copyOf(correlated);
        Objects.requireNonNull(at, "at");
    }

    /**
     * Incidents of one service and cause that come back.
     *
     * @param service the service
     * @param cause the incidents' cause ({@code down}, {@code threshold.cpu}, {@code sla.availability}, …)
     * @param failureKind the kind of failure their analysis found, or {@code unknown}
     * @param kind {@code daily} (around the same time of day), {@code weekly} (the same time of the week),
     *     {@code after_restart} (within 15 minutes of a restart) or {@code repeated} (only the same cause)
     * @param description what it is, in a sentence
     * @param incidents how many incidents in the last 30 days
     * @param incidentIds the latest of them, at most ten
     */
    public record Recurring(String service, String cause, String failureKind, String kind, String description,
            int incidents, List<String> incidentIds) {

        /** Copies the ids. */
        public Recurring {
            incidentIds = List.copyOf(incidentIds);
        }
    }

    /**
     * Two series that moved together: the Pearson coefficient of their minute-to-minute changes.
     *
     * @param series one series
     * @param other the other
     * @param coefficient from -1 (opposite) to 1 (together)
     * @param points the minutes compared
     */
    public record Correlation(String series, String other, double coefficient, int points) {
    }
}
