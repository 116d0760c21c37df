package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

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

    /** A generated series and its labels. */
    record Scenario(String name, String metric, String unit, Duration step, int samples,
            DoubleUnaryOperator valueAtMinute, List<Condition> conditions) {
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
        boolean inEpisode = false;
        Instant nextRound = START.plus(ROUND);
        for (int i = 0; i < scenario.samples(); i++) {
            Instant at = START.plus(scenario.step().multipliedBy(i));
            double minute = Duration.between(START, at).toSeconds() / 60.0;
            MetricSample sample = MetricSample.gauge(scenario.metric(), scenario.valueAtMinute().applyAsDouble(minute),
                    Map.of("service", "svc"));
            predictor.observe(scenario.unit().isEmpty() ? sample : sample.withBaseUnit(scenario.unit()), at);
            if (!at.isBefore(nextRound)) {
                nextRound = nextRound.plus(ROUND);
                boolean predicted = predictor.predict(at).stream().anyMatch(p -> p.confidence() >= THRESHOLD);
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
        System.out.printf("%-44s %-20s %8s %10s %s%n", scenario.name(), predictor.type(), recall, precision,
                String.join(" ", delays));
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
                List.of(new Condition("anomaly_detection", step, step.plus(Duration.ofMinutes(30))))));
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
                Duration.ofMinutes(1), 1440, m -> (200 + 30 * (m % 8) + 5 * noise5[(int) m]) * mb, List.of()));
        // The same with a leak of 1 MB a minute from hour 6: the floor rises.
        double[] noise6 = gaussian(random, 1440);
        Instant leak = START.plus(Duration.ofHours(6));
        scenarios.add(new Scenario("GC sawtooth 512 MB heap, 1 MB/min leak (24 h)", "jvm.heap.used", "bytes",
                Duration.ofMinutes(1), 1440,
                m -> (200 + Math.max(0, m - 360) + 30 * (m % 8) + 5 * noise6[(int) m]) * mb,
                List.of(new Condition("memory_leak", leak, START.plus(Duration.ofHours(24))))));
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
