package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a predictor has learnt as normal for one series.
 *
 * @param series the series key, {@code name{tag=value,…}}
 * @param service the service it belongs to, or {@code system}
 * @param level its level without daily and weekly swings
 * @param spread its usual distance from what is expected
 * @param expected what its last value was expected to be
 * @param value its last value
 * @param score how unusual its last value was, 0 to 1
 * @param samples how many values it was learnt from
 * @param hourOfDay what each hour of the day (UTC) adds to the level; empty until it is learnt
 * @param hourOfWeek what each hour of the week adds on top; empty until it is learnt
 * @param at when its last value was measured
 */
public record Baseline(String series, String service, double level, double spread, double expected, double value,
        double score, long samples, List<Double> hourOfDay, List<Double> hourOfWeek, Instant at) {

    /** Validates and copies the components. */
    public Baseline {
        MonitoringEvent.requireText(series, "series");
        MonitoringEvent.requireText(service, "service");
        hourOfDay = List.copyOf(hourOfDay);
        hourOfWeek = List.copyOf(hourOfWeek);
        Objects.requireNonNull(at, "at");
    }
}
