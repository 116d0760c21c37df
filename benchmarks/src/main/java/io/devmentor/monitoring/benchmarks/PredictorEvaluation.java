package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the predictors over labelled synthetic scenarios that it generates (seeded: every run is the
 * same): each scenario is a series with the times at which conditions begin and end, fed to every predictor
 * found by {@link java.util.ServiceLoader} as the engine would, with a prediction round every five minutes at
 * the default threshold of 0.8. It prints, per scenario and predictor, the conditions found (recall), the
 * episodes of predictions that match a condition (precision), and the delay from a condition's start to its
 * first prediction.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.PredictorEvaluation</pre>
 */
public final class PredictorEvaluation {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final Duration ROUND = Duration.ofMinutes(5);
    private static final double THRESHOLD = 0.8;

    private PredictorEvaluation() {
    }

    /** A labelled condition: when it holds, and which predictor type should see it. */
    record Condition(String type, Instant from, Instant to) {
    }

    /**
     * A generated series and its labels; {@code bounds} are series reported with it at a constant value (a disk's
     * size), {@code fullAt} when it reaches its bound, if it does.
     */
    record Scenario(String name, String metric, String unit, Duration step, int samples,
            DoubleUnaryOperator valueAtMinute, List<Condition> conditions, Map<String, Double> bounds,
            @Nullable Instant fullAt) {

        Scenario(String name, String metric, String unit, Duration step, int samples,
                DoubleUnaryOperator valueAtMinute, List<Condition> conditions) {
            this(name, metric, unit, step, samples, valueAtMinute, conditions, Map.of(), null);
        }
    }

    /**
     * Runs every scenario and prints the figures.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.printf("%-44s %-20s %8s %10s %s%n", "scenario", "predictor", "recall", "precision",
                "delay (min) per condition");
        for (Scenario scenario : scenarios()) {
            for (Predictor predictor : PredictorBenchmark.predictors()) {
                evaluate(scenario, predictor);
            }
        }
    }

    private static void evaluate(Scenario scenario, Predictor predictor) {
        List<Condition> mine = scenario.conditions().stream().filter(c -> c.type().equals(predictor.type())).toList();
        Instant[] firstSeen = new Instant[mine.size()];
        int episodes = 0;
        int matchingEpisodes = 0;
        List<String> falseStarts = new ArrayList<>();
        double worstLateError = Double.NaN;
        boolean inEpisode = false;
        Instant nextRound = START.plus(ROUND);
        for (int i = 0; i < scenario.samples(); i++) {
            Instant at = START.plus(scenario.step().multipliedBy(i));
            double minute = Duration.between(START, at).toSeconds() / 60.0;
            MetricSample sample = MetricSample.gauge(scenario.metric(), scenario.valueAtMinute().applyAsDouble(minute),
                    Map.of("service", "svc"));
            predictor.observe(scenario.unit().isEmpty() ? sample : sample.withBaseUnit(scenario.unit()), at);
            for (Map.Entry<String, Double> bound : scenario.bounds().entrySet()) {
                predictor.observe(MetricSample.gauge(bound.getKey(), bound.getValue(), Map.of("service", "svc")), at);
            }
            if (!at.isBefore(nextRound)) {
                nextRound = nextRound.plus(ROUND);
                List<Prediction> made = predictor.predict(at).stream().filter(p -> p.confidence() >= THRESHOLD).toList();
                boolean predicted = !made.isEmpty();
                worstLateError = Math.max(Double.isNaN(worstLateError) ? 0 : worstLateError,
                        lateError(scenario, mine, made, at));
                if (predicted && !inEpisode) {
                    episodes++;
                    boolean matches = false;
                    for (int c = 0; c < mine.size(); c++) {
                        // A prediction up to a round after a condition ends still belongs to it.
                        if (!at.isBefore(mine.get(c).from()) && !at.isAfter(mine.get(c).to().plus(ROUND))) {
                            matches = true;
                        }
                    }
                    matchingEpisodes += matches ? 1 : 0;
                    if (!matches) {
                        falseStarts.add("false@" + Duration.between(START, at).toMinutes() + "m");
                    }
                }
                if (predicted) {
                    for (int c = 0; c < mine.size(); c++) {
                        if (firstSeen[c] == null && !at.isBefore(mine.get(c).from())
                                && !at.isAfter(mine.get(c).to().plus(ROUND))) {
                            firstSeen[c] = at;
                        }
                    }
                }
                inEpisode = predicted;
            }
        }
        int found = 0;
        List<String> delays = new ArrayList<>();
        for (int c = 0; c < mine.size(); c++) {
            if (firstSeen[c] != null) {
                found++;
                delays.add(Long.toString(Duration.between(mine.get(c).from(), firstSeen[c]).toMinutes()));
            } else {
                delays.add("missed");
            }
        }
        String recall = mine.isEmpty() ? "–" : String.format("%d/%d", found, mine.size());
        String precision = episodes == 0 ? (mine.isEmpty() ? "no alarm" : "–")
                : String.format("%d/%d", matchingEpisodes, episodes);
        delays.addAll(falseStarts.subList(0, Math.min(3, falseStarts.size())));
        if (scenario.fullAt() != null && !mine.isEmpty() && worstLateError > 0) {
            delays.add(String.format("time-to-full error after half time ≤ %.1f %%", 100 * worstLateError));
        }
        System.out.printf("%-44s %-20s %8s %10s %s%n", scenario.name(), predictor.type(), recall, precision,
                String.join(" ", delays));
    }

    /**
     * How far a time-to-full estimate made at {@code at} is from the truth, relative to the time left, once half of
     * the time from the condition's start to full has passed and until the last hour; 0 otherwise or without an
     * estimate.
     */
    private static double lateError(Scenario scenario, List<Condition> mine, List<Prediction> made, Instant at) {
        if (scenario.fullAt() == null || mine.isEmpty() || at.isAfter(scenario.fullAt().minus(Duration.ofHours(1)))) {
            return 0;
        }
        Instant from = mine.get(0).from();
        Instant half = from.plus(Duration.between(from, scenario.fullAt()).dividedBy(2));
        if (at.isBefore(half)) {
            return 0;
        }
        double left = Duration.between(at, scenario.fullAt()).toSeconds();
        return made.stream().flatMap(p -> p.horizon().stream())
                .mapToDouble(h -> Math.abs(h.toSeconds() - left) / left).max().orElse(0);
    }

    static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        Random random = new Random(42);
        int week = 7 * 24 * 60;
        // Traffic with a daily pattern, a week of minutes, no anomaly.
        double[] noise = gaussian(random, week);
        scenarios.add(new Scenario("seasonal traffic, no anomaly (7 d)", "http.requests.rate", "", Duration.ofMinutes(1),
                week, m -> traffic(m) + 20 * noise[(int) m], List.of()));
        // The same with ten 10-minute surges of +60 %, from day 3 on.
        List<Condition> surges = new ArrayList<>();
        double[] noise2 = gaussian(random, week);
        for (int k = 0; k < 10; k++) {
            int from = 3 * 1440 + k * 390 + random.nextInt(200);
            surges.add(new Condition("anomaly_detection", START.plus(Duration.ofMinutes(from)),
                    START.plus(Duration.ofMinutes(from + 10))));
        }
        scenarios.add(new Scenario("seasonal traffic, ten surges (7 d)", "http.requests.rate", "", Duration.ofMinutes(1),
                week, m -> {
                    double value = traffic(m) + 20 * noise2[(int) m];
                    for (Condition surge : surges) {
                        double from = Duration.between(START, surge.from()).toMinutes();
                        if (m >= from && m < from + 10) {
                            return value * 1.6;
                        }
                    }
                    return value;
                }, surges));
        // A step: response time from 200 ms to 350 ms at day 2, for good.
        double[] noise3 = gaussian(random, 4 * 1440);
        Instant step = START.plus(Duration.ofDays(2));
        scenarios.add(new Scenario("step change of response time (4 d)", "service.response.time", "seconds",
                Duration.ofMinutes(1), 4 * 1440, m -> (m < 2 * 1440 ? 0.200 : 0.350) + 0.010 * noise3[(int) m],
                List.of(new Condition("anomaly_detection", step, step.plus(Duration.ofMinutes(30))),
                        new Condition("performance_degradation", step, step.plus(Duration.ofHours(6))))));
        // A dependency outage: errors jump from about 1 % to 30 % for 20 minutes.
        double[] noise4 = gaussian(random, 2 * 1440);
        Instant outage = START.plus(Duration.ofMinutes(1700));
        scenarios.add(new Scenario("error burst, dependency outage (2 d)", "service.error.rate", "",
                Duration.ofMinutes(1), 2 * 1440,
                m -> m >= 1700 && m < 1720 ? 0.30 : Math.max(0, 0.01 + 0.003 * noise4[(int) m]),
                List.of(new Condition("anomaly_detection", outage, outage.plus(Duration.ofMinutes(20))))));
        // A 512 MB heap in a GC sawtooth (a collection every 8 minutes back to a floor of 200 MB), 24 h, no leak.
        double mb = 1024 * 1024;
        double[] noise5 = gaussian(random, 1440);
        scenarios.add(new Scenario("GC sawtooth 512 MB heap, no leak (24 h)", "jvm.heap.used", "bytes",
                Duration.ofMinutes(1), 1440, m -> (200 + 30 * (m % 8) + 5 * noise5[(int) m]) * mb, List.of(),
                Map.of("jvm.heap.max", 512 * mb), null));
        // The same with a leak of 1 MB a minute from hour 6: the floor rises.
        double[] noise6 = gaussian(random, 1440);
        Instant leak = START.plus(Duration.ofHours(6));
        scenarios.add(new Scenario("GC sawtooth 512 MB heap, 1 MB/min leak (24 h)", "jvm.heap.used", "bytes",
                Duration.ofMinutes(1), 1440,
                m -> (200 + Math.max(0, m - 360) + 30 * (m % 8) + 5 * noise6[(int) m]) * mb,
                List.of(new Condition("memory_leak", leak, START.plus(Duration.ofHours(24))))));
        scenarios.addAll(moreScenarios(new Random(7)));
        return scenarios;
    }

    /** Capacity, response-time and failure scenarios, checked every 20 seconds where checks are the source. */
    private static List<Scenario> moreScenarios(Random random) {
        List<Scenario> scenarios = new ArrayList<>();
        Duration check = Duration.ofSeconds(20);
        double gb = 1024.0 * 1024 * 1024;
        // A 1 TB disk at 40 % for a day, then filling steadily to full in 48 hours (noise of 0.5 GB).
        double[] noise = gaussian(random, 3 * 1440);
        Instant fillFrom = START.plus(Duration.ofDays(1));
        Instant full = fillFrom.plus(Duration.ofDays(2));
        scenarios.add(new Scenario("disk 1 TB filling, full in 48 h (3 d)", "system.filesystem.usage", "bytes",
                Duration.ofMinutes(1), 3 * 1440 - 1,
                m -> (400 + 600 * Math.max(0, m - 1440) / 2880 + 0.5 * noise[(int) m]) * gb,
                List.of(new Condition("capacity_planning", fillFrom, full)), Map.of("system.filesystem.total", 1000 * gb),
                full));
        // The same disk filling by bursts, a 20 GB batch every 2 hours, a 15 GB cleanup every 6 hours: full at 80 h.
        scenarios.add(new Scenario("disk filling by bursts and cleanups (80 h)", "system.filesystem.usage", "bytes",
                Duration.ofMinutes(1), 4800 - 1,
                m -> (400 + 20 * Math.floor(m / 120) - 15 * Math.floor(m / 360) + 0.5 * noise[(int) m % noise.length]) * gb,
                List.of(new Condition("capacity_planning", START, START.plus(Duration.ofMinutes(4800)))),
                Map.of("system.filesystem.total", 1000 * gb), START.plus(Duration.ofMinutes(4800))));
        // A disk that only goes up and down around 60 % (a week).
        double[] steady = gaussian(random, 7 * 1440);
        scenarios.add(new Scenario("disk steady at 60 %, daily cycle (7 d)", "system.filesystem.usage", "bytes",
                Duration.ofMinutes(1), 7 * 1440, m -> (600 + 30 * Math.sin(2 * Math.PI * m / 1440) + 0.5 * steady[(int) m]) * gb,
                List.of(), Map.of("system.filesystem.total", 1000 * gb), null));
        // Response time: one check in an hour at 2 s, the others 200 ± 10 ms (24 h).
        int day = 3 * 1440;
        double[] latency = gaussian(random, 2 * day);
        List<Condition> spikes = new ArrayList<>();
        for (int h = 1; h < 24; h++) {
            spikes.add(new Condition("anomaly_detection", START.plus(Duration.ofHours(h)),
                    START.plus(Duration.ofHours(h).plusMinutes(1))));
        }
        scenarios.add(new Scenario("one 2 s check an hour (24 h)", "service.response.time", "seconds", check, day,
                m -> Math.round(m * 3) % 180 == 0 && m > 0 ? 2.0 : 0.200 + 0.010 * latency[(int) Math.round(m * 3)],
                spikes));
        // Response time drifting from 200 ms to 500 ms over six hours from hour 12, then staying there (2 d).
        Instant drift = START.plus(Duration.ofHours(12));
        scenarios.add(new Scenario("response time drifting 200 → 500 ms in 6 h (2 d)", "service.response.time", "seconds",
                check, 2 * day, m -> 0.200 + 0.300 * Math.min(1, Math.max(0, m - 720) / 360)
                        + 0.010 * latency[(int) Math.round(m * 3)],
                List.of(new Condition("performance_degradation", drift, drift.plus(Duration.ofHours(12))),
                        new Condition("anomaly_detection", drift, drift.plus(Duration.ofHours(12))))));
        // A slow tail: from hour 12, one check in eight takes 1.2 s instead of 200 ms, for two hours (24 h).
        Instant tail = START.plus(Duration.ofHours(12));
        scenarios.add(new Scenario("one check in eight slow for 2 h (24 h)", "service.response.time", "seconds", check,
                day, m -> (m >= 720 && m < 840 && Math.round(m * 3) % 8 == 0 ? 1.2 : 0.200)
                        + 0.010 * latency[(int) Math.round(m * 3)],
                List.of(new Condition("performance_degradation", tail, tail.plus(Duration.ofHours(2))),
                        new Condition("anomaly_detection", tail, tail.plus(Duration.ofHours(2))))));
        // Checks of a healthy service, one failed check in 500 (2 d).
        double[] draws = new double[2 * day];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = random.nextDouble();
        }
        scenarios.add(new Scenario("healthy service, 0.2 % failed checks (2 d)", "service.health.status", "", check,
                2 * day, m -> draws[(int) Math.round(m * 3)] < 0.002 ? 0 : 1, List.of()));
        // A service failing by degrees: from hour 10 its checks fail more and more (0 → 50 % in 40 minutes),
        // then it is down for 20 minutes, then healthy again (24 h).
        Instant rising = START.plus(Duration.ofHours(10));
        scenarios.add(new Scenario("errors rising 40 min before an outage (24 h)", "service.health.status", "", check,
                day, m -> {
                    if (m >= 640 && m < 660) {
                        return 0;
                    }
                    double p = m >= 600 && m < 640 ? 0.5 * (m - 600) / 40 : 0.002;
                    return draws[(int) Math.round(m * 3)] < p ? 0 : 1;
                }, List.of(new Condition("failure_prediction", rising, rising.plus(Duration.ofMinutes(40))))));
        // A service flapping (down one check in five minutes) for the 30 minutes before it goes down (24 h).
        Instant flapping = START.plus(Duration.ofHours(15));
        scenarios.add(new Scenario("flapping 30 min before an outage (24 h)", "service.health.status", "", check,
                day, m -> {
                    if (m >= 930 && m < 950) {
                        return 0;
                    }
                    if (m >= 900 && m < 930 && Math.round(m * 3) % 15 == 7) {
                        return 0;
                    }
                    return draws[(int) Math.round(m * 3) + day] < 0.002 ? 0 : 1;
                }, List.of(new Condition("failure_prediction", flapping, flapping.plus(Duration.ofMinutes(30))))));
        return scenarios;
    }

    /** Requests a second: 500 at night, 1,300 at the afternoon peak. */
    private static double traffic(double minute) {
        return 900 + 400 * Math.sin(2 * Math.PI * (minute - 9 * 60) / 1440);
    }

    private static double[] gaussian(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
