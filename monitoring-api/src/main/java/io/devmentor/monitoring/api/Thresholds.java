package io.devmentor.monitoring.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Alert thresholds, with the seed's defaults: CPU 80 %, memory 90 %, error rate 0.05, response time 2 s.
 * CPU and memory apply to the system; error rate and response time to each service, which may override
 * them.
 *
 * @param cpuPercent system CPU usage above which {@code system.alert} is emitted, 0–100
 * @param memoryPercent system memory usage above which {@code system.alert} is emitted, 0–100
 * @param errorRate a service's failed-check ratio above which {@code metric.threshold} is emitted, 0–1
 * @param responseTime a service's mean response time above which {@code metric.threshold} is emitted
 */
public record Thresholds(double cpuPercent, double memoryPercent, double errorRate, Duration responseTime) {

    /** The seed's defaults. */
    public static final Thresholds DEFAULTS = new Thresholds(80, 90, 0.05, Duration.ofSeconds(2));

    /** Validates the components, naming the bad one. */
    public Thresholds {
        requireRange("cpu", cpuPercent, 0, 100);
        requireRange("memory", memoryPercent, 0, 100);
        requireRange("errorRate", errorRate, 0, 1);
        Objects.requireNonNull(responseTime, "responseTime");
        if (responseTime.isNegative() || responseTime.isZero()) {
            throw new IllegalArgumentException("responseTime must be positive, was " + responseTime.toMillis());
        }
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
