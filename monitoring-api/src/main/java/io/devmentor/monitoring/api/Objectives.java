package io.devmentor.monitoring.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's objectives (its SLA): the share of checks that find it available, and the share of its
 * available checks that answer within a latency, over rolling windows.
 *
 * @param availability the percentage of checks that must find it up or degraded, such as 99.9
 * @param latency the latency its checks must answer within
 * @param latencyPercentile the percentage of available checks that must answer within it, such as 95 (p95)
 */
public record Objectives(Optional<Double> availability, Optional<Duration> latency, double latencyPercentile) {

    /** Validates the components; messages name the bad value. */
    public Objectives {
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(latency, "latency");
        availability.ifPresent(a -> {
            if (!(a > 0 && a < 100)) {
                throw new IllegalArgumentException("availability must be a percentage between 0 and 100 (exclusive),"
                        + " such as 99.9, was " + a);
            }
        });
        latency.ifPresent(l -> {
            if (l.isNegative() || l.isZero()) {
                throw new IllegalArgumentException("latency must be positive, was " + l);
            }
        });
        if (!(latencyPercentile > 0 && latencyPercentile < 100)) {
            throw new IllegalArgumentException("latencyPercentile must be between 0 and 100 (exclusive), such as 95,"
                    + " was " + latencyPercentile);
        }
        if (availability.isEmpty() && latency.isEmpty()) {
            throw new IllegalArgumentException("objectives need an availability, a latency or both");
        }
    }
}
