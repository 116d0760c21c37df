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
import org.jspecify.annotations.Nullable;

/**
 * {@code memory_leak}: the floor of memory use rising steadily. A heap's value saws up and down with its
 * collections; what a leak moves is the floor it falls back to. The floors are the values right after each
 * drop of 5 % or more, and, for series that never drop, the lowest value of each quarter of an hour.
 *
 * <p>A leak is a ramp: the floors hold a level, then rise in a straight line. Over the last 150 minutes of
 * floors after the series' first hour (warm-up), every onset is tried; the best ramp's likelihood ratio
 * against no change, in standard deviations of the floors' noise (learnt over hours), must reach 4, and the
 * ramp must fit better than the best step, a floor that moved up once and held (a cache filled, a pool
 * grew), and the last half hour's floors must still rise (their slope two standard errors above none), for a
 * rise that has ended is no leak either. Once reported, a leak holds on a lower bar (3) while the last half
 * hour's floors do not fall.
 */
final class MemoryLeakPredictor implements Predictor {

    static final int MAX_SERIES = 10_000;
    private static final double DROP = 0.95;
    private static final Duration BUCKET = Duration.ofMinutes(15);
    private static final Duration KEEP = Duration.ofMinutes(150);
    private static final Duration WARM_UP = Duration.ofMinutes(60);
    private static final Duration RECENT = Duration.ofMinutes(30);
    /** The ramp's score that tells a new leak, and the lower one that holds a leak already told. */
    private static final double THRESHOLD = 4;
    private static final double HOLD = 3;
    /** How steeply (in standard errors) the last half hour's floors must rise for a new leak. */
    private static final double RISING = 2;
    /** Floors before a ramp's onset, and on the ramp, at the least. */
    private static final int MIN_BEFORE = 3;
    private static final int MIN_RAMP = 3;
    /** The floors' noise is learnt over about this many steps, after this many from the window alone. */
    private static final int NOISE_STEPS = 45;
    private static final int MIN_STEPS = 8;

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
        @Nullable Instant last;
        @Nullable Instant leakingSince;
        double meanStep;
        int learntSteps;
        double learntUpTo = Double.NEGATIVE_INFINITY; // minutes since warm-up
        double windowNoise;

        Series(String service, Instant first) {
            this.service = service;
            this.first = first;
        }

        /** The floors' standard deviation: from the mean absolute step of Gaussian noise, E|d| = 2σ/√π. */
        double noise() {
            return learntSteps >= MIN_STEPS ? meanStep * Math.sqrt(Math.PI) / 2 : windowNoise;
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
        long settled = s.first.plus(WARM_UP).getEpochSecond();
        List<double[]> points = new ArrayList<>(); // {minutes since warm-up, floor}
        for (double[] floor : s.floors) {
            if (floor[0] >= settled) {
                points.add(new double[] {(floor[0] - settled) / 60, floor[1]});
            }
        }
        int n = points.size();
        if (n < MIN_BEFORE + MIN_RAMP) {
            s.leakingSince = null;
            return Optional.empty();
        }
        learnNoise(s, points);
        double level = RobustLine.median(points.stream().mapToDouble(p -> p[1]).toArray());
        // Never under 2 % of the floor: a floor that moves less than a few percent is no leak worth a page.
        double spread = Math.max(s.noise(), 0.02 * Math.abs(level));
        Ramp ramp = Ramp.best(points, spread);
        if (ramp == null) {
            s.leakingSince = null;
            return Optional.empty();
        }
        boolean ongoing = s.leakingSince != null;
        // Hysteresis: a leak already reported holds while its ramp stands out and the last half hour's floors
        // do not fall, so that one noisy round does not end it and the next start it again.
        double rise = recentRise(points, spread);
        boolean holds = ongoing ? ramp.z() >= HOLD && rise >= 0
                : ramp.z() >= THRESHOLD && ramp.overStep() >= 0 && rise >= RISING;
        if (!holds) {
            s.leakingSince = null;
            return Optional.empty();
        }
        double confidence = 1 - 0.2 * Math.exp(-(ramp.z() - THRESHOLD) / 2);
        if (ongoing) {
            confidence = Math.max(confidence, 0.8);
        }
        if (s.leakingSince == null) {
            s.leakingSince = now;
        }
        double baseline = ramp.before();
        double latest = baseline + ramp.slope() * (points.get(n - 1)[0] - points.get(ramp.onset())[0]);
        double perHour = ramp.slope() * 60;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", key);
        evidence.put("floorBefore", baseline);
        evidence.put("floorNow", latest);
        evidence.put("spread", spread);
        evidence.put("growthPerHour", perHour);
        evidence.put("floors", n);
        evidence.put("score", ramp.z());
        evidence.put("window", "PT" + KEEP.toMinutes() + "M");
        evidence.put("since", s.leakingSince.toString());
        return Optional.of(new Prediction(s.service, PredictionTypes.MEMORY_LEAK,
                perHour >= 0.10 * Math.abs(baseline) ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM,
                String.format(Locale.ROOT, "%s: the floor after each collection keeps rising, from %s to %s, about %s an"
                        + " hour", key, Quantities.bytes(baseline), Quantities.bytes(latest), Quantities.bytes(perHour)),
                "Take two heap dumps some minutes apart (jcmd <pid> GC.heap_dump) and compare what grows: caches"
                        + " without a bound, listeners never removed, collections that only fill. A restart buys"
                        + " time, not a fix.",
                Math.min(1, confidence), evidence, Optional.empty(), now));
    }

    /**
     * Learns the floors' noise from each step between two settled floors not seen before (the latest floor may
     * still fall): the mean absolute step over about the last {@value #NOISE_STEPS} steps, a step of more than
     * four times the mean counting as four. Hours of floors, not the dozen in the window, so that the test's
     * scale does not wander with the last few floors.
     */
    private static void learnNoise(Series s, List<double[]> points) {
        for (int i = 1; i < points.size() - 1; i++) {
            double minute = points.get(i)[0]; // since the series' warm-up, which never moves
            if (minute <= s.learntUpTo) {
                continue;
            }
            s.learntUpTo = minute;
            double step = Math.abs(points.get(i)[1] - points.get(i - 1)[1]);
            if (s.learntSteps >= MIN_STEPS) {
                step = Math.min(step, 4 * s.meanStep);
            }
            s.learntSteps++;
            s.meanStep += (step - s.meanStep) / Math.min(s.learntSteps, NOISE_STEPS);
        }
        if (s.learntSteps < MIN_STEPS) {
            double[] steps = new double[points.size() - 1];
            for (int i = 1; i < points.size(); i++) {
                steps[i - 1] = Math.abs(points.get(i)[1] - points.get(i - 1)[1]);
            }
            s.windowNoise = 1.4826 * RobustLine.median(steps) / Math.sqrt(2);
        }
    }

    /**
     * The best ramp through the floors: a level until some floor (the onset), then a straight rise. Its score
     * {@code z} is the rise's likelihood ratio against no change, in standard deviations, for the onset that
     * scores best (the level before is the mean of the floors before, whose own error the score counts);
     * {@code overStep} is how much better (in squared spreads) the best ramp fits than the best step (the floor
     * moved up once and held), which a rise must beat to be a leak.
     *
     * @param z the score of the best onset
     * @param onset the index of the last floor before the rise
     * @param before the level before the rise
     * @param slope the rise per minute
     * @param overStep the ramp's advantage over a step
     */
    private record Ramp(double z, int onset, double before, double slope, double overStep) {

        /** Tries every onset, in one pass over sums of the floors after it; the floors are centred first. */
        static @Nullable Ramp best(List<double[]> points, double spread) {
            int n = points.size();
            double t0 = points.get(0)[0];
            double x0 = points.get(0)[1];
            // Sums over the floors after each index: t, x, t·x, t², x².
            double[][] after = new double[n + 1][5];
            for (int i = n - 1; i >= 0; i--) {
                double t = points.get(i)[0] - t0;
                double x = points.get(i)[1] - x0;
                after[i][0] = after[i + 1][0] + t;
                after[i][1] = after[i + 1][1] + x;
                after[i][2] = after[i + 1][2] + t * x;
                after[i][3] = after[i + 1][3] + t * t;
                after[i][4] = after[i + 1][4] + x * x;
            }
            Ramp best = null;
            double rampRss = Double.MAX_VALUE;
            double stepRss = Double.MAX_VALUE;
            double beforeSum = 0;
            double beforeSquares = 0;
            for (int k = 0; k < n - 1; k++) {
                double xk = points.get(k)[1] - x0;
                beforeSum += xk;
                beforeSquares += xk * xk;
                int count = k + 1;
                if (count < MIN_BEFORE) {
                    continue;
                }
                double level = beforeSum / count;
                double beforeRss = beforeSquares - beforeSum * level;
                double onset = points.get(k)[0] - t0;
                double[] sums = after[k + 1];
                int m = n - count;
                // With w = t - onset and e = x - level over the floors after the onset:
                double weights = sums[0] - m * onset;
                double squaredWeights = sums[3] - 2 * onset * sums[0] + m * onset * onset;
                double weighted = sums[2] - level * sums[0] - onset * sums[1] + m * onset * level;
                double excess = sums[1] - m * level;
                double squaredExcess = sums[4] - 2 * level * sums[1] + m * level * level;
                stepRss = Math.min(stepRss, beforeRss + squaredExcess - excess * excess / m);
                if (m < MIN_RAMP || squaredWeights <= 0) {
                    continue;
                }
                rampRss = Math.min(rampRss, beforeRss + squaredExcess - weighted * weighted / squaredWeights);
                double z = weighted / (spread * Math.sqrt(squaredWeights + weights * weights / count));
                if (best == null || z > best.z) {
                    best = new Ramp(z, k, level + x0, weighted / squaredWeights, 0);
                }
            }
            return best == null ? null
                    : new Ramp(best.z, best.onset, best.before, best.slope, (stepRss - rampRss) / (spread * spread));
        }
    }

    /** The least-squares slope of the last half hour's floors over its standard error, 0 with fewer than 3. */
    private static double recentRise(List<double[]> points, double spread) {
        double end = points.get(points.size() - 1)[0];
        List<double[]> recent = points.stream().filter(p -> p[0] > end - RECENT.toMinutes()).toList();
        if (recent.size() < 3) {
            return 0;
        }
        double meanT = recent.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double meanX = recent.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxx = 0;
        double sxy = 0;
        for (double[] p : recent) {
            sxx += (p[0] - meanT) * (p[0] - meanT);
            sxy += (p[0] - meanT) * (p[1] - meanX);
        }
        return sxx == 0 ? 0 : sxy / Math.sqrt(sxx) / spread;
    }
}
