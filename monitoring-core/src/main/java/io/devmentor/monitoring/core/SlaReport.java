package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.Objectives;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service's compliance with its objectives.
 *
 * @param service the service
 * @param objectives its objectives
 * @param compliance per window ({@code 1d}, {@code 7d}, {@code 30d}): its figures
 * @param burnRates per objective ({@code availability}, {@code latency}) and window ({@code 5m}, {@code 30m},
 *     {@code 1h}, {@code 6h}): how fast it spends its error budget, 1 being exactly the budget over 30 days
 * @param alerts the burn-rate alerts that hold now
 * @param at when it was computed
 */
public record SlaReport(String service, Objectives objectives, Map<String, Window> compliance,
        Map<String, Map<String, Double>> burnRates, List<Alert> alerts, Instant at) {

    /** Copies the components. */
    public SlaReport {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(objectives, "objectives");
        compliance = Map.copyOf(compliance);
        burnRates = Map.copyOf(burnRates);
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(at, "at");
    }

    /**
     * One window's figures.
     *
     * @param checks the checks in it
     * @param availability the percentage of them that found the service up or degraded, NaN without checks
     * @param latency the percentage of available checks within the latency objective, NaN without any
     * @param availabilityBudgetLeft the share of the availability error budget left, 1 untouched, below 0 spent
     * @param latencyBudgetLeft the same for the latency objective
     */
    public record Window(long checks, double availability, double latency, double availabilityBudgetLeft,
            double latencyBudgetLeft) {
    }

    /**
     * A burn-rate alert: both of its windows spend the budget faster than its factor.
     *
     * @param objective {@code availability} or {@code latency}
     * @param kind {@code fast} (1 h and 5 min over 14.4) or {@code slow} (6 h and 30 min over 6)
     * @param longBurnRate the burn rate over the long window
     * @param shortBurnRate the burn rate over the short window
     * @param since when it began
     */
    public record Alert(String objective, String kind, double longBurnRate, double shortBurnRate, Instant since) {
    }
}
