package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.core.analysis.AnomalyDetector;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code anomaly_detection}: a streaming {@link AnomalyDetector} per gauge series (at most {@value #MAX_SERIES}),
 * and a prediction for each series in an anomaly it detected: from the value that scored
 * {@link AnomalyDetector#detectionLevel()} or more, as long as the detector's episode lasts. Its confidence is
 * that calibrated score; a series that has not been learnt long enough predicts nothing, and one that stopped
 * reporting for {@value #STALE_MINUTES} minutes neither. A detection far enough from what the series usually
 * is to matter starts one: {@value #RELATIVE_MINIMUM_PERCENT} % of it, and 50 ms for a time.
 */
final class AnomalyDetectionPredictor implements Predictor {

    static final int MAX_SERIES = 10_000;
    static final int STALE_MINUTES = 10;
    static final int RELATIVE_MINIMUM_PERCENT = 10;
    /** States, not measurements: their changes are the engine's events and incidents already. */
    private static final Set<String> NOT_MEASUREMENTS = Set.of("service.health.status", "docker.containers");
    private static final double SECONDS_MINIMUM = 0.050;

    private final SeriesTable<Series> series = new SeriesTable<>(MAX_SERIES);

    /** One series' detector, its last value, and the anomaly it is in, if any. */
    private static final class Series {
        final AnomalyDetector detector = new AnomalyDetector();
        final String service;
        final String name;
        final Quantities.Unit unit;
        double value;
        @Nullable Instant at;
        /** The detection that began the anomaly going on, or null. */
        @Nullable Detection detection;

        Series(String service, String name, Quantities.Unit unit) {
            this.service = service;
            this.name = name;
            this.unit = unit;
        }
    }

    /** What the detector saw when it detected an anomaly. */
    private record Detection(Instant since, double score, double value, double expected, double usual,
            double spread, boolean beyondExtremes) {
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
        Series s = series.get(key, () -> new Series(sample.tags().getOrDefault("service", "system"), sample.name(),
                Quantities.Unit.of(sample.name(), sample.baseUnit().orElse(null))));
        if (s == null) {
            return;
        }
        if (s.at != null && at.isBefore(s.at)) {
            return; // out of order: the detector learns in time order
        }
        AnomalyDetector detector = s.detector;
        double spread = detector.spread();
        double score = detector.score(at, sample.value());
        double expected = detector.expected();
        s.value = sample.value();
        s.at = at;
        if (score >= detector.detectionLevel() && matters(s, sample.value(), detector.usual())) {
            s.detection = new Detection(at, score, s.value, expected, detector.usual(), spread,
                    detector.beyondExtremes());
        } else if (!detector.inEpisode()) {
            s.detection = null;
        }
    }

    /** Below 10 % of what the series usually is, or 50 ms of a time, a deviation is no news, however unusual. */
    private static boolean matters(Series s, double value, double usual) {
        double deviation = Math.abs(value - usual);
        return deviation >= RELATIVE_MINIMUM_PERCENT / 100.0 * Math.abs(usual)
                && (s.unit != Quantities.Unit.SECONDS || deviation >= SECONDS_MINIMUM);
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        Instant fresh = now.minus(Duration.ofMinutes(STALE_MINUTES));
        series.forEach((key, s) -> {
            Detection d = s.detection;
            Instant at = s.at;
            if (d == null || at == null || at.isBefore(fresh)) {
                return;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("series", key);
            evidence.put("value", s.value);
            evidence.put("detectedValue", d.value());
            evidence.put("expected", d.expected());
            evidence.put("usual", d.usual());
            evidence.put("spread", d.spread());
            evidence.put("score", d.score());
            evidence.put("since", d.since().toString());
            evidence.put("at", at.toString());
            boolean above = d.value() > d.usual();
            // The usual range: the series' level and seasons at that time, give or take two and a half spreads
            // (about two standard deviations of a normal series); a series that never went below zero is not
            // said to.
            double low = d.usual() - 2.5 * d.spread();
            double[] extremes = s.detector.extremes();
            if (extremes.length == 2 && extremes[0] >= 0) {
                low = Math.max(0, low);
            }
            String usual = Quantities.range(low, d.usual() + 2.5 * d.spread(), s.unit);
            predictions.add(new Prediction(s.service, PredictionTypes.ANOMALY_DETECTION,
                    d.beyondExtremes() ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM,
                    String.format("%s %s, usually %s%s%s (%s)", words(s.name),
                            Quantities.format(d.value(), s.unit), usual,
                            s.detector.dailyProfile().length > 0 ? " at this time of day" : "",
                            d.beyondExtremes() ? (above ? ": higher than ever seen" : ": lower than ever seen") : "",
                            key),
                    above ? "Look at what changed when it began ("
                            + d.since().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            + "): a deploy, a traffic surge, a dependency slowing down; compare with the series that"
                            + " moved with it." : "Check that the work still arrives: a stalled producer, a broken"
                            + " route or a lost connection makes a series fall below its usual level.",
                    Math.min(1, d.score()), evidence, Optional.empty(), now));
        });
        return predictions;
    }

    /** A metric's name in words: {@code service.response.time} is "response time". */
    static String words(String name) {
        String words = name;
        for (String prefix : List.of("service.", "system.", "process.")) {
            if (words.startsWith(prefix) && words.length() > prefix.length()) {
                words = words.substring(prefix.length());
                break;
            }
        }
        if (words.endsWith(".percent")) {
            words = words.substring(0, words.length() - ".percent".length());
        }
        return words.replace('.', ' ').replace('_', ' ');
    }

    @Override
    public List<Baseline> baselines() {
        List<Baseline> baselines = new ArrayList<>(series.size());
        series.forEach((key, s) -> {
            if (s.at != null) {
                baselines.add(new Baseline(key, s.service, s.detector.level(), s.detector.spread(),
                        s.detector.expected(), s.value, s.detector.lastScore(),
                        s.detector.samples(), boxed(s.detector.dailyProfile()), boxed(s.detector.weeklyProfile()), s.at));
            }
        });
        return baselines;
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
