package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.core.AnomalyDetector;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code anomaly_detection}: a streaming {@link AnomalyDetector} per gauge series (at most
 * {@value #MAX_SERIES}), and a prediction for each series that is unusual now (score 0.5 or more at its last
 * value, and far enough from what was expected to matter), with the figures behind it. A series that stopped reporting for {@value #STALE_MINUTES} minutes
 * predicts nothing.
 */
final class AnomalyDetectionPredictor implements Predictor {

    static final int MAX_SERIES = 10_000;
    static final int STALE_MINUTES = 10;
    /** States, not measurements: their changes are the engine's events and incidents already. */
    private static final Set<String> NOT_MEASUREMENTS = Set.of("service.health.status", "docker.containers");
    /** Below these a deviation is no news, however unusual: 10 % of what was expected, 50 ms of a time. */
    private static final double RELATIVE_MINIMUM = 0.10;
    private static final double SECONDS_MINIMUM = 0.050;

    private final SeriesTable<Series> series = new SeriesTable<>(MAX_SERIES);

    /** One series' detector and what its last value looked like. */
    private static final class Series {
        final AnomalyDetector detector = new AnomalyDetector();
        final String service;
        final boolean seconds;
        double score;
        double value;
        double expected;
        double spread;
        Instant at;
        Instant unusualSince;

        Series(String service, boolean seconds) {
            this.service = service;
            this.seconds = seconds;
        }
    }

    @Override
    public String type() {
        return PredictionTypes.ANOMALY_DETECTION;
    }

    @Override
    public void observe(MetricSample sample, Instant at) {
        if (sample.type() != MetricType.GAUGE || NOT_MEASUREMENTS.contains(sample.name())) {
            return;
        }
        String key = sample.seriesKey();
        Series s = series.get(key, () -> new Series(sample.tags().getOrDefault("service", "system"),
                sample.baseUnit().filter("seconds"::equals).isPresent()));
        if (s == null) {
            return;
        }
        if (s.at != null && at.isBefore(s.at)) {
            return; // out of order: the detector learns in time order
        }
        s.score = s.detector.score(at, sample.value());
        s.value = sample.value();
        s.expected = s.detector.expected();
        s.spread = s.detector.spread();
        s.at = at;
        double deviation = Math.abs(s.value - s.expected);
        boolean matters = deviation >= RELATIVE_MINIMUM * Math.abs(s.expected) && (!s.seconds || deviation >= SECONDS_MINIMUM);
        if (s.score >= 0.5 && matters) {
            if (s.unusualSince == null) {
                s.unusualSince = at;
            }
        } else {
            s.unusualSince = null;
        }
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        Instant fresh = now.minus(Duration.ofMinutes(STALE_MINUTES));
        series.forEach((key, s) -> {
            if (s.unusualSince == null || s.at.isBefore(fresh)) {
                return;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("series", key);
            evidence.put("value", s.value);
            evidence.put("expected", s.expected);
            evidence.put("spread", s.spread);
            evidence.put("score", s.score);
            evidence.put("since", s.unusualSince.toString());
            evidence.put("at", s.at.toString());
            String direction = s.value > s.expected ? "above" : "below";
            predictions.add(new Prediction(s.service, PredictionTypes.ANOMALY_DETECTION,
                    s.score >= 0.95 ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM,
                    String.format("%s is unusually %s what it is at this time: %s, where about %s ± %s was expected",
                            key, direction, format(s.value), format(s.expected), format(s.spread)),
                    direction.equals("above") ? "Look at what changed when it began (" + s.unusualSince
                            + "): a deploy, a traffic surge, a dependency slowing down; compare with the series that"
                            + " moved with it." : "Check that the work still arrives: a stalled producer, a broken"
                            + " route or a lost connection makes a series fall below its usual level.",
                    Math.min(1, s.score), evidence, Optional.empty(), now));
        });
        return predictions;
    }

    @Override
    public List<Baseline> baselines() {
        List<Baseline> baselines = new ArrayList<>(series.size());
        series.forEach((key, s) -> {
            if (s.at != null) {
                baselines.add(new Baseline(key, s.service, s.detector.level(), s.spread, s.expected, s.value, s.score,
                        s.detector.samples(), boxed(s.detector.dailyProfile()), boxed(s.detector.weeklyProfile()), s.at));
            }
        });
        return baselines;
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 || value == Math.rint(value) ? String.format("%.0f", value)
                : String.format("%.3g", value);
    }
}
