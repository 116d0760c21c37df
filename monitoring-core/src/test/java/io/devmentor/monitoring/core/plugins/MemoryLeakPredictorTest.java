package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The memory-leak predictor on a 512 MB heap in a GC sawtooth (a collection every 8 minutes back to a floor of
 * 200 MB), one value a minute, predictions asked for every 5 minutes at the default threshold of 0.8.
 */
class MemoryLeakPredictorTest {

    private static final double MB = 1024 * 1024;
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    /** The minutes (from the start) of the rounds that predicted a leak. */
    private static List<Integer> run(int minutes, IntToDoubleFunction floorMb, long seed) {
        Random random = new Random(seed);
        MemoryLeakPredictor predictor = new MemoryLeakPredictor();
        List<Integer> predicted = new java.util.ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            double heap = (floorMb.applyAsDouble(m) + 30 * (m % 8) + 5 * random.nextGaussian()) * MB;
            Instant at = START.plusSeconds(60L * m);
            predictor.observe(MetricSample.gauge("jvm.heap.used", heap, Map.of("service", "orders"))
                    .withBaseUnit("bytes"), at);
            if (m % 5 == 0) {
                List<Prediction> predictions = predictor.predict(at);
                if (predictions.stream().anyMatch(p -> p.confidence() >= 0.8)) {
                    predicted.add(m);
                    Prediction p = predictions.get(0);
                    assertEquals(PredictionTypes.MEMORY_LEAK, p.type());
                    assertEquals("orders", p.service());
                    assertEquals("jvm.heap.used{service=orders}", p.evidence().get("series"));
                }
            }
        }
        return predicted;
    }

    @Test
    void aLeakOfAMegabyteAMinuteIsFoundWithinHalfAnHour() {
        List<Integer> delays = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            List<Integer> predicted = run(600, m -> 200 + Math.max(0, m - 360), seed);
            assertTrue(!predicted.isEmpty() && predicted.get(0) >= 360, "seed " + seed + ": " + predicted);
            delays.add(predicted.get(0) - 360);
        }
        java.util.Collections.sort(delays);
        System.out.println("leak found after (min): " + delays);
        // Measured: 25 minutes for eight seeds, 35 and 40 for the other two (LeakEvaluation: 100 seeds).
        assertTrue(delays.get(delays.size() / 2) <= 30, "median delay within 30 min: " + delays);
        assertTrue(delays.get(delays.size() - 1) <= 45, "every one within 45 min: " + delays);
    }

    @Test
    void aDayOfSawtoothWithoutALeakPredictsNothing() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(List.of(), run(1440, m -> 200, seed), "seed " + seed);
        }
    }

    @Test
    void aFloorThatStepsUpOnceAndHoldsIsNoLeak() {
        // A cache fills: the floor moves up 40 MB (eight times the noise) at hour 6 and stays there.
        for (long seed = 1; seed <= 10; seed++) {
            assertEquals(List.of(), run(600, m -> m < 360 ? 200 : 240, seed), "seed " + seed);
        }
    }

    @Test
    void aLeakThatStopsIsNoLongerPredicted() {
        // The floor rises 1 MB a minute for an hour from hour 6, then holds at 260 MB.
        for (long seed = 1; seed <= 10; seed++) {
            List<Integer> predicted = run(720, m -> 200 + Math.min(60, Math.max(0, m - 360)), seed);
            assertTrue(!predicted.isEmpty() && predicted.get(0) <= 400, "seed " + seed + ": " + predicted);
            assertTrue(predicted.get(predicted.size() - 1) <= 480, "ended within an hour: seed " + seed + ": " + predicted);
        }
    }

    /** A busy heap: sampled every 10 s, collected every 30 s back to its floor (200 MB, 5 MB of noise). */
    private static List<Integer> busyHeap(int minutes, IntToDoubleFunction floorMb, long seed) {
        Random random = new Random(seed);
        MemoryLeakPredictor predictor = new MemoryLeakPredictor();
        List<Integer> predicted = new java.util.ArrayList<>();
        for (int tick = 0; tick < minutes * 6; tick++) {
            int m = tick / 6;
            double heap = (floorMb.applyAsDouble(m) + 40 * (tick % 3) + 5 * random.nextGaussian()) * MB;
            Instant at = START.plusSeconds(10L * tick);
            predictor.observe(MetricSample.gauge("jvm.heap.used", heap, Map.of("service", "orders")), at);
            if (tick % 30 == 0 && predictor.predict(at).stream().anyMatch(p -> p.confidence() >= 0.8)) {
                predicted.add(m);
            }
        }
        return predicted;
    }

    @Test
    void aBusyHeapWithManyFloorsIsReadAsWell() {
        List<Integer> delays = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(List.of(), busyHeap(1440, m -> 200, seed), "no leak, seed " + seed);
            List<Integer> predicted = busyHeap(480, m -> 200 + Math.max(0, m - 360), seed);
            assertTrue(!predicted.isEmpty() && predicted.get(0) >= 360 && predicted.get(0) <= 390,
                    "seed " + seed + ": " + predicted);
            delays.add(predicted.get(0) - 360);
        }
        System.out.println("busy heap: leak found after (min): " + delays);
    }

    @Test
    void warmUpIsNoLeak() {
        // The floor climbs 60 MB in the first 40 minutes (caches, JIT), then stays.
        assertEquals(List.of(), run(600, m -> 200 + 1.5 * Math.min(m, 40), 9));
    }

    @Test
    void onlyMemoryInUseIsWatched() {
        assertTrue(MemoryLeakPredictor.isMemoryInUse(MetricSample.gauge("jvm.heap.used", 1, Map.of())));
        assertTrue(MemoryLeakPredictor.isMemoryInUse(MetricSample.gauge("container.memory.usage", 1, Map.of())));
        assertTrue(!MemoryLeakPredictor.isMemoryInUse(MetricSample.gauge("container.memory.limit", 1, Map.of())));
        assertTrue(!MemoryLeakPredictor.isMemoryInUse(MetricSample.gauge("system.memory.usage.percent", 1, Map.of())));
        assertTrue(!MemoryLeakPredictor.isMemoryInUse(MetricSample.gauge("system.swap.used", 1, Map.of())));
    }
}
