package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * The {@code memory_leak} predictor over many seeds of one heap: 512 MB in a GC sawtooth (a collection every 8
 * minutes back to a floor of 200 MB, 5 MB of noise), one value a minute, a prediction round every 5 minutes at
 * the default threshold of 0.8. It prints how long a leak of 1 MB a minute takes to be found, how many
 * leak-free days predict one, how often a floor that steps up once and holds, or a warm-up, is taken for a
 * leak, and how soon a prediction ends once a leak stops.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.LeakEvaluation [seeds]</pre>
 */
public final class LeakEvaluation {

    private static final double MB = 1024 * 1024;
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    private LeakEvaluation() {
    }

    /**
     * Runs the cases and prints the figures.
     *
     * @param args the number of seeds per case (100 unless given)
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Integer> delays = new ArrayList<>();
        int early = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            List<Integer> rounds = run(600, m -> 200 + Math.max(0, m - 360), 1_000 + seed);
            early += rounds.stream().anyMatch(m -> m < 360) ? 1 : 0;
            rounds.stream().filter(m -> m >= 360).findFirst().ifPresent(m -> delays.add(m - 360));
        }
        Collections.sort(delays);
        long within30 = delays.stream().filter(d -> d <= 30).count();
        System.out.printf("1 MB/min leak from minute 360, %d seeds: found %d, within 30 min %d, delay median %d,"
                + " 90th percentile %d, max %d min; predicted before the leak: %d%n", seeds, delays.size(), within30,
                delays.get(delays.size() / 2), delays.get((int) Math.ceil(0.9 * delays.size()) - 1),
                delays.get(delays.size() - 1), early);
        int falseDays = 0;
        for (int seed = 1; seed <= 2 * seeds; seed++) {
            falseDays += run(1440, m -> 200, 5_000 + seed).isEmpty() ? 0 : 1;
        }
        System.out.printf("leak-free days: %d of %d predicted a leak%n", falseDays, 2 * seeds);
        StringBuilder steps = new StringBuilder();
        for (int size : new int[] {10, 15, 20, 25, 40, 80}) {
            int taken = 0;
            for (int seed = 1; seed <= seeds / 5; seed++) {
                taken += run(600, m -> m < 360 ? 200 : 200 + size, 9_000 + seed).isEmpty() ? 0 : 1;
            }
            steps.append(String.format(" %d MB: %d/%d;", size, taken, seeds / 5));
        }
        System.out.println("a floor that steps up at minute 360 and holds, taken for a leak:" + steps);
        List<Integer> endings = new ArrayList<>();
        int episodes = 0;
        for (int seed = 1; seed <= seeds / 5; seed++) {
            List<Integer> rounds = run(720, m -> 200 + Math.min(60, Math.max(0, m - 360)), 8_000 + seed);
            for (int i = 0; i < rounds.size(); i++) {
                episodes += i == 0 || rounds.get(i) - rounds.get(i - 1) > 5 ? 1 : 0;
            }
            endings.add(rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1) + 5 - 420);
        }
        Collections.sort(endings);
        System.out.printf("a leak that stops after an hour: the prediction ends %d to %d min after (median %d);"
                + " %d episodes in %d runs%n", endings.get(0), endings.get(endings.size() - 1),
                endings.get(endings.size() / 2), episodes, seeds / 5);
        int warmUps = 0;
        for (int seed = 1; seed <= seeds / 5; seed++) {
            warmUps += run(600, m -> 200 + 1.5 * Math.min(m, 40), 7_000 + seed).isEmpty() ? 0 : 1;
        }
        System.out.printf("a warm-up lifting the floor 60 MB in 40 min, taken for a leak: %d/%d%n", warmUps, seeds / 5);
    }

    /** The minutes of the rounds that predicted a leak. */
    private static List<Integer> run(int minutes, IntToDoubleFunction floorMb, long seed) {
        Random random = new Random(seed);
        Predictor predictor = PredictorBenchmark.predictors().stream()
                .filter(p -> p.type().equals(PredictionTypes.MEMORY_LEAK)).findFirst().orElseThrow();
        List<Integer> predicted = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            double heap = (floorMb.applyAsDouble(m) + 30 * (m % 8) + 5 * random.nextGaussian()) * MB;
            Instant at = START.plusSeconds(60L * m);
            predictor.observe(MetricSample.gauge("jvm.heap.used", heap, Map.of("service", "orders"))
                    .withBaseUnit("bytes"), at);
            if (m % 5 == 0 && predictor.predict(at).stream().anyMatch(p -> p.confidence() >= 0.8)) {
                predicted.add(m);
            }
        }
        return predicted;
    }
}
