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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code memory_leak}: the floor of memory use rising steadily. A heap's value saws up and down with its
 * collections; what a leak moves is the floor it falls back to. The floors are the values right after each
 * drop of 5 % or more, and, for series that never drop, the lowest value of each quarter of an hour. A leak
 * is predicted when the latest floors stand well above the floor of the hour before (in robust spreads of
 * those floors) and still rise over the last half hour, confirmed by 10 more minutes or sooner by the
 * recent floors' summed excess (a CUSUM); never in a series' first hour, which is warm-up. Once reported, a
 * leak holds on a lower bar until the floors stop rising.
 */
final class MemoryLeakPredictor implements Predictor {

    static final int MAX_SERIES = 10_000;
    private static final double DROP = 0.95;
    private static final Duration BUCKET = Duration.ofMinutes(15);
    private static final Duration KEEP = Duration.ofMinutes(150);
    private static final Duration WARM_UP = Duration.ofMinutes(60);
    private static final Duration RECENT = Duration.ofMinutes(30);
    private static final Duration BASELINE = Duration.ofMinutes(60);
    private static final Duration CONFIRM = Duration.ofMinutes(10);
    private static final double CUSUM_SLACK = 1;
    private static final double CUSUM_LIMIT = 5;

    private final SeriesTable<Series> series = new SeriesTable<>(MAX_SERIES);

    /** One memory series: its floors, and the sample before. */
    private static final class Series {
        final String service;
        final Instant first;
        final ArrayDeque<double[]> floors = new ArrayDeque<>(); // {epochSecond, value}
        double previous = Double.NaN;
        boolean previousWasFloor;
        long bucket = -1;
        double bucketMin = Double.MAX_VALUE;
        boolean bucketHadFloor;
        Instant last;
        Instant leakingSince;
        Instant candidateSince;

        Series(String service, Instant first) {
            this.service = service;
            this.first = first;
        }
    }

    @Override
    public String type() {
        return PredictionTypes.MEMORY_LEAK;
    }

    /** Memory in use (heap, process, container), in bytes: not limits, totals or percentages. */
    static boolean isMemoryInUse(MetricSample sample) {
        String name = sample.name();
        return sample.type() == MetricType.GAUGE && (name.contains("heap") || name.contains("memory"))
                && (name.endsWith(".used") || name.endsWith(".usage")) && !name.contains("percent")
                && !name.contains("swap");
    }

    @Override
    public void observe(MetricSample sample, Instant at) {
        if (!isMemoryInUse(sample) || !Double.isFinite(sample.value())) {
            return;
        }
        String key = sample.seriesKey();
        Series s = series.get(key, () -> new Series(sample.tags().getOrDefault("service", "system"), at));
        if (s == null) {
            return;
        }
        if (s.last != null && at.isBefore(s.last)) {
            return;
        }
        s.last = at;
        double value = sample.value();
        long second = at.getEpochSecond();
        long bucket = second / BUCKET.toSeconds();
        if (bucket != s.bucket) {
            if (s.bucket >= 0 && !s.bucketHadFloor && s.bucketMin < Double.MAX_VALUE) {
                s.floors.addLast(new double[] {(s.bucket + 1) * BUCKET.toSeconds(), s.bucketMin});
            }
            s.bucket = bucket;
            s.bucketMin = Double.MAX_VALUE;
            s.bucketHadFloor = false;
        }
        s.bucketMin = Math.min(s.bucketMin, value);
        if (!Double.isNaN(s.previous) && value < s.previous * DROP) {
            if (s.previousWasFloor && !s.floors.isEmpty()) {
                s.floors.peekLast()[1] = Math.min(s.floors.peekLast()[1], value); // still falling
            } else {
                s.floors.addLast(new double[] {second, value});
            }
            s.previousWasFloor = true;
            s.bucketHadFloor = true;
        } else {
            s.previousWasFloor = false;
        }
        s.previous = value;
        while (!s.floors.isEmpty() && s.floors.peekFirst()[0] < second - KEEP.toSeconds()) {
            s.floors.removeFirst();
        }
        while (s.floors.size() > 512) {
            s.floors.removeFirst();
        }
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        series.forEach((key, s) -> leak(key, s, now).ifPresent(predictions::add));
        return predictions;
    }

    private Optional<Prediction> leak(String key, Series s, Instant now) {
        if (s.last == null || Duration.between(s.first, s.last).compareTo(WARM_UP.plus(RECENT)) < 0
                || s.last.isBefore(now.minus(BUCKET))) {
            s.leakingSince = null;
            return Optional.empty();
        }
        long end = s.last.getEpochSecond();
        List<double[]> recent = new ArrayList<>();
        List<double[]> before = new ArrayList<>();
        for (double[] floor : s.floors) {
            if (floor[0] > end - RECENT.toSeconds()) {
                recent.add(floor);
            } else if (floor[0] > end - RECENT.toSeconds() - BASELINE.toSeconds()) {
                before.add(floor);
            }
        }
        if (recent.size() < 3 || before.size() < 3) {
            s.leakingSince = null;
            return Optional.empty();
        }
        double baseline = RobustLine.median(before.stream().mapToDouble(f -> f[1]).toArray());
        // The floors' scatter around their own trend over the whole window (a leak under way is a trend, not
        // noise), and never under 2 % of the floor: estimated from a dozen points, it is often too small, and a
        // floor that moves less than a few percent is no leak worth a page.
        List<double[]> window = new ArrayList<>(before);
        window.addAll(recent);
        double spread = Math.max(RobustLine.fit(window).scatter(), 0.02 * Math.abs(baseline));
        // The floor now: the recent half hour's trend line read at its end, from every recent floor, not the
        // last one alone (noisy) nor the median of the last few (minutes behind).
        RobustLine trend = RobustLine.fit(recent);
        double latest = trend.at(end);
        double z = (latest - baseline) / spread;
        double slopePerSecond = trend.slope();
        boolean ongoing = s.leakingSince != null;
        // Hysteresis: a leak already reported holds while the floors stay above the hour before and still
        // rise, so that one noisy round does not end it and the next start it again.
        boolean rising = slopePerSecond * RECENT.toSeconds() >= (ongoing ? 0.5 : 2) * spread;
        if (z <= (ongoing ? 2 : 3) || !rising) {
            s.leakingSince = null;
            s.candidateSince = null;
            return Optional.empty();
        }
        // A new leak is told once it has held for a while, or once the recent floors' excess over the hour
        // before adds up (a CUSUM of their standardised excess beyond one spread): a chance high floor or two
        // is not one.
        double cusum = 0;
        for (double[] floor : recent) {
            cusum = Math.max(0, cusum + (floor[1] - baseline) / spread - CUSUM_SLACK);
        }
        boolean held = s.candidateSince != null && Duration.between(s.candidateSince, now).compareTo(CONFIRM) >= 0;
        if (!ongoing && !held && cusum < CUSUM_LIMIT) {
            if (s.candidateSince == null) {
                s.candidateSince = now;
            }
            return Optional.empty();
        }
        double confidence = 1 - Math.exp(-(z - 3) * (z - 3) / 2);
        if (ongoing) {
            confidence = Math.max(confidence, 0.8);
        }
        if (s.leakingSince == null) {
            s.leakingSince = now;
        }
        double perHour = slopePerSecond * 3600;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", key);
        evidence.put("floorBefore", baseline);
        evidence.put("floorNow", latest);
        evidence.put("spread", spread);
        evidence.put("growthPerHour", perHour);
        evidence.put("floors", recent.size() + before.size());
        evidence.put("window", "PT" + (RECENT.toMinutes() + BASELINE.toMinutes()) + "M");
        evidence.put("since", s.leakingSince.toString());
        return Optional.of(new Prediction(s.service, PredictionTypes.MEMORY_LEAK,
                perHour >= 0.10 * Math.abs(baseline) ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM,
                String.format(Locale.ROOT, "%s: the floor after each collection keeps rising, from %s to %s, about %s an"
                        + " hour", key, bytes(baseline), bytes(latest), bytes(perHour)),
                "Take two heap dumps some minutes apart (jcmd <pid> GC.heap_dump) and compare what grows: caches"
                        + " without a bound, listeners never removed, collections that only fill. A restart buys"
                        + " time, not a fix.",
                Math.min(1, confidence), evidence, Optional.empty(), now));
    }

    private static String bytes(double value) {
        double mib = value / (1024 * 1024);
        return Math.abs(mib) >= 1 ? String.format(Locale.ROOT, "%.0f MiB", mib)
                : String.format(Locale.ROOT, "%.0f bytes", value);
    }
}
