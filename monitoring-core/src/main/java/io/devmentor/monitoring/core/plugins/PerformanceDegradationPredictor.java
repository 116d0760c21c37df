package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code performance_degradation}: response times (gauges in seconds named for a response, latency or duration)
 * that moved above their baseline, in level or in the tail, over the last {@value #RECENT_MINUTES} minutes, not
 * in one slow check. The baseline is the {@value #BASELINE_HOURS} hours before that window, minute by minute:
 * the median of the minutes' medians, their robust spread, and the median of the minutes' 95th percentiles. A
 * lasting shift becomes the baseline after those hours, and the prediction ends.
 */
final class PerformanceDegradationPredictor implements Predictor {

    static final int MAX_SERIES = 10_000;
    static final int RECENT_MINUTES = 15;
    static final int BASELINE_HOURS = 6;
    private static final int MAX_RECENT = 2_000;
    private static final int MAX_PER_MINUTE = 256;
    private static final int MINIMUM_BASELINE_MINUTES = 60;
    private static final int MINIMUM_RECENT = 10;
    private static final int MINIMUM_TAIL = 20;

    private final SeriesTable<Series> series = new SeriesTable<>(MAX_SERIES);

    /** One series: its raw recent values and its minute summaries. */
    private static final class Series {
        final String service;
        final ArrayDeque<double[]> recent = new ArrayDeque<>(); // {epochSecond, value}
        final ArrayDeque<double[]> minutes = new ArrayDeque<>(); // {epochMinute, median, p95}
        double[] minuteValues = new double[4];
        int minuteCount;
        long minute = -1;
        @Nullable Instant last;
        @Nullable Instant since;

        Series(String service) {
            this.service = service;
        }

        void closeMinute() {
            if (minuteCount > 0) {
                double[] values = Arrays.copyOf(minuteValues, minuteCount);
                Arrays.sort(values);
                minutes.addLast(new double[] {minute, quantile(values, 0.5), quantile(values, 0.95)});
                while (minutes.size() > BASELINE_HOURS * 60 + RECENT_MINUTES) {
                    minutes.removeFirst();
                }
            }
            minuteCount = 0;
        }
    }

    @Override
    public String type() {
        return PredictionTypes.PERFORMANCE_DEGRADATION;
    }

    static boolean isResponseTime(MetricSample sample) {
        String name = sample.name();
        return sample.type() == MetricType.GAUGE && sample.baseUnit().filter("seconds"::equals).isPresent()
                && (name.contains("response") || name.contains("latency") || name.contains("duration"));
    }

    @Override
    public void observe(MetricSample sample, Instant at) {
        if (!isResponseTime(sample) || !Double.isFinite(sample.value())) {
            return;
        }
        String key = sample.seriesKey();
        Series s = series.get(key, () -> new Series(sample.tags().getOrDefault("service", "system")));
        if (s == null) {
            return;
        }
        if (s.last != null && at.isBefore(s.last)) {
            return;
        }
        s.last = at;
        long second = at.getEpochSecond();
        if (second / 60 != s.minute) {
            s.closeMinute();
            s.minute = second / 60;
        }
        if (s.minuteCount == s.minuteValues.length && s.minuteCount < MAX_PER_MINUTE) {
            s.minuteValues = Arrays.copyOf(s.minuteValues, s.minuteCount * 2);
        }
        if (s.minuteCount < s.minuteValues.length) {
            s.minuteValues[s.minuteCount++] = sample.value();
        }
        s.recent.addLast(new double[] {second, sample.value()});
        while (s.recent.size() > MAX_RECENT || s.recent.peekFirst()[0] <= second - RECENT_MINUTES * 60L) {
            s.recent.removeFirst();
        }
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        series.forEach((key, s) -> degradation(key, s, now).ifPresentOrElse(predictions::add, () -> s.since = null));
        return predictions;
    }

    private Optional<Prediction> degradation(String key, Series s, Instant now) {
        if (s.last == null || s.last.isBefore(now.minus(Duration.ofMinutes(RECENT_MINUTES))) || s.recent.size() < MINIMUM_RECENT) {
            return Optional.empty();
        }
        long recentFrom = s.last.getEpochSecond() / 60 - RECENT_MINUTES;
        List<double[]> baseline = s.minutes.stream().filter(m -> m[0] < recentFrom).toList();
        if (baseline.size() < MINIMUM_BASELINE_MINUTES) {
            return Optional.empty();
        }
        double level = RobustLine.median(baseline.stream().mapToDouble(m -> m[1]).toArray());
        double spread = Math.max(1.4826 * RobustLine.median(baseline.stream().mapToDouble(m -> Math.abs(m[1] - level))
                .toArray()), 0.02 * level);
        double tail = RobustLine.median(baseline.stream().mapToDouble(m -> m[2]).toArray());
        double[] values = s.recent.stream().mapToDouble(v -> v[1]).sorted().toArray();
        int n = values.length;
        double levelNow = quantile(values, 0.5);
        double tailNow = quantile(values, 0.95);
        // A shift is one that matters: four spreads, a fifth of the level and 50 ms; in the tail, half again and
        // 100 ms, seen in a tenth of the recent checks and at least three, so that one slow check is never one.
        double levelBar = Math.max(4 * spread, Math.max(0.2 * level, 0.050));
        double tailBar = Math.max(1.5 * tail, tail + 0.100);
        long slow = Arrays.stream(values).filter(v -> v > tailBar).count();
        double levelRatio = (levelNow - level) / levelBar;
        boolean levelShift = levelRatio >= 1;
        boolean tailShift = n >= MINIMUM_TAIL && slow >= Math.max(3, n / 10) && tailNow > tailBar;
        if (!levelShift && !tailShift) {
            return Optional.empty();
        }
        double strength = levelShift ? levelRatio : (tailNow - tail) / (tailBar - tail);
        double confidence = Math.min(1, (1 - 1 / Math.sqrt(n)) * Math.min(1.1, 0.6 + 0.3 * strength));
        if (s.since == null) {
            s.since = now;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", key);
        evidence.put("kind", levelShift ? "level" : "tail");
        evidence.put("baselineMedianSeconds", level);
        evidence.put("baselineSpreadSeconds", spread);
        evidence.put("baselineP95Seconds", tail);
        evidence.put("medianSeconds", levelNow);
        evidence.put("p95Seconds", tailNow);
        evidence.put("samples", n);
        evidence.put("window", "PT" + RECENT_MINUTES + "M");
        evidence.put("since", s.since.toString());
        String message = levelShift
                ? String.format(Locale.ROOT, "%s: the median response time rose from %.0f ms to %.0f ms over the last"
                        + " %d minutes (%d checks)", key, level * 1000, levelNow * 1000, RECENT_MINUTES, n)
                : String.format(Locale.ROOT, "%s: the slowest checks got slower, p95 %.0f ms where it was %.0f ms"
                        + " (%d of %d checks over %.0f ms)", key, tailNow * 1000, tail * 1000, slow, n, tailBar * 1000);
        return Optional.of(new Prediction(s.service, PredictionTypes.PERFORMANCE_DEGRADATION,
                (levelShift ? levelNow : tailNow) >= 2 * (levelShift ? level : tail) ? IncidentSeverity.HIGH
                        : IncidentSeverity.MEDIUM,
                message,
                levelShift ? "Compare with what changed when it began: a deploy, more traffic, a slower dependency"
                        + " (its own response time), saturation (CPU, connection pool, GC pauses)."
                        : "A part of the requests is slow: look for lock or pool contention, a slow query or"
                        + " dependency on some paths, GC pauses, one bad instance behind a balancer.",
                confidence, evidence, Optional.empty(), now));
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double index = q * (sorted.length - 1);
        int low = (int) Math.floor(index);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (index - low) * (sorted[high] - sorted[low]);
    }
}
