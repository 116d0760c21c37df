package io.devmentor.monitoring.core.collect;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.core.SystemMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Emits {@code system.alert} when CPU or memory crosses its threshold, and again when it comes back, both with
 * one correlation id. Called from the collection thread only.
 */
public final class SystemThresholdWatch {

    private final Thresholds thresholds;
    private @Nullable String cpuCorrelation;
    private @Nullable String memoryCorrelation;
    private final Map<String, Instant> since = new HashMap<>();

    public SystemThresholdWatch(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The metrics over their threshold now, with the time each crossed it. */
    Map<String, Instant> breaches() {
        return Map.copyOf(since);
    }

    /** The alerts of the crossings these metrics make, if any. */
    List<MonitoringEvent> check(SystemMetrics metrics) {
        List<MonitoringEvent> alerts = new ArrayList<>(2);
        double cpu = metrics.cpu().usage();
        if (cpu >= 0) {
            cpuCorrelation = crossing("cpu", cpu, thresholds.cpuPercent(), cpuCorrelation, metrics.timestamp(),
                    alerts);
        }
        if (metrics.memory().total() > 0) {
            memoryCorrelation = crossing("memory", metrics.memory().usagePercent(), thresholds.memoryPercent(),
                    memoryCorrelation, metrics.timestamp(), alerts);
        }
        return alerts;
    }

    private @Nullable String crossing(String metric, double value, double limit, @Nullable String correlation, Instant at,
            List<MonitoringEvent> alerts) {
        boolean high = value > limit;
        if (high == (correlation != null)) {
            return correlation;
        }
        if (high) {
            since.put(metric, at);
        } else {
            since.remove(metric);
        }
        String id = correlation != null ? correlation : UUID.randomUUID().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metric", metric);
        data.put("value", value);
        data.put("threshold", limit);
        data.put("state", high ? "breached" : "cleared");
        alerts.add(MonitoringEvent.of(EventTypes.SYSTEM_ALERT, "system", at,
                high ? Severity.WARNING : Severity.INFO, data).withMetadata(EventMetadata.EMPTY.withCorrelationId(id)));
        return high ? id : null;
    }
}
