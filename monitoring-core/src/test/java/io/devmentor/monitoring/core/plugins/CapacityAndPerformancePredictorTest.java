package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The capacity and performance predictors on generated series, asked every 5 minutes. */
class CapacityAndPerformancePredictorTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final double GB = 1024.0 * 1024 * 1024;

    /** Feeds {@code samples(i)} every {@code stepSeconds}; the predictions at or above 0.8, by minute. */
    private static Map<Integer, Prediction> run(Predictor predictor, int steps, int stepSeconds,
            IntFunction<List<MetricSample>> samples) {
        Map<Integer, Prediction> predicted = new java.util.TreeMap<>();
        for (int i = 0; i < steps; i++) {
            Instant at = START.plusSeconds((long) stepSeconds * i);
            for (MetricSample sample : samples.apply(i)) {
                predictor.observe(sample, at);
            }
            if ((long) stepSeconds * i % 300 == 0) {
                int minute = (int) Duration.between(START, at).toMinutes();
                predictor.predict(at).stream().filter(p -> p.confidence() >= 0.8).findFirst()
                        .ifPresent(p -> predicted.put(minute, p));
            }
        }
        return predicted;
    }

    private static List<MetricSample> disk(double usedGb) {
        Map<String, String> tags = Map.of("mount", "/data");
        return List.of(MetricSample.gauge("system.filesystem.usage", usedGb * GB, tags).withBaseUnit("bytes"),
                MetricSample.gauge("system.filesystem.total", 1000 * GB, tags).withBaseUnit("bytes"));
    }

    @Test
    void aFillingDiskIsPredictedFullWithinTenPercentOnceHalfOfTheTimeHasPassed() {
        Random random = new Random(5);
        // 400 GB used, then 600 GB more over 24 hours from hour 2: full at minute 1,560.
        Map<Integer, Prediction> predicted = run(new CapacityPlanningPredictor(Duration.ofDays(7)), 1500, 60,
                i -> disk(400 + 600 * Math.max(0, i - 120) / 1440.0 + 0.5 * random.nextGaussian()));
        assertTrue(!predicted.isEmpty(), "no prediction");
        Prediction late = predicted.get(1200);
        assertTrue(late != null, "predicted at minute 1,200: " + predicted.keySet());
        assertEquals(PredictionTypes.CAPACITY_PLANNING, late.type());
        assertEquals("system", late.service());
        assertEquals("system.filesystem{mount=/data}", late.evidence().get("series"));
        double actual = 1560 - 1200;
        double estimated = late.horizon().orElseThrow().toSeconds() / 60.0;
        assertTrue(Math.abs(estimated - actual) / actual <= 0.10, "estimated " + estimated + " min, actual " + actual);
        long low = ((Number) late.evidence().get("timeToFullLowSeconds")).longValue();
        long high = ((Number) late.evidence().get("timeToFullHighSeconds")).longValue();
        assertTrue(low <= actual * 60 && actual * 60 <= high, "interval " + low + "–" + high + " s holds " + actual * 60);
        assertEquals(IncidentSeverity.MEDIUM.compareTo(late.severity()) < 0, true, "6 hours left is high: " + late.severity());
    }

    @Test
    void aHeapCollectedEveryFewMinutesIsNoGrowth() throws Exception {
        // A fresh engine's own heap (256 MiB), read every 5 s for an hour: it rises about 14 MiB a minute and
        // is collected every 10 minutes or so, the peaks and floors wandering. Recorded on a machine of this
        // kind (QuietMachineTrace).
        CapacityPlanningPredictor predictor = new CapacityPlanningPredictor(Duration.ofDays(7));
        List<Prediction> predicted = new java.util.ArrayList<>();
        int rounds = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                getClass().getResourceAsStream("/io/devmentor/monitoring/core/quiet-machine-trace.tsv.gz")),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\\t", -1);
                if (f[1].startsWith("jvm.heap.")) {
                    Instant at = Instant.ofEpochMilli(Long.parseLong(f[0]));
                    predictor.observe(MetricSample.gauge(f[1], Double.parseDouble(f[4]), Map.of()).withBaseUnit("bytes"),
                            at);
                    if (f[1].equals("jvm.heap.used") && ++rounds % 6 == 0) {
                        predicted.addAll(predictor.predict(at));
                    }
                }
            }
        }
        assertTrue(rounds >= 700, rounds + " values");
        assertEquals(List.of(), predicted, "a sawtooth's rises are no trend");
    }

    @Test
    void aDiskFillingInBurstsIsReadOverItsCyclesNotOnePhase() {
        Random random = new Random(8);
        // A 20 GB batch every 2 hours, a 15 GB cleanup every 6 hours, from 400 GB: full at minute 4,800.
        Map<Integer, Prediction> predicted = run(new CapacityPlanningPredictor(Duration.ofDays(7)), 4700, 60,
                i -> disk(400 + 20 * Math.floor(i / 120.0) - 15 * Math.floor(i / 360.0) + 0.5 * random.nextGaussian()));
        List<String> errors = new java.util.ArrayList<>();
        for (int minute = 2400; minute <= 4500; minute += 300) {
            Prediction p = predicted.get(minute);
            assertTrue(p != null, "predicted at minute " + minute);
            double actual = 4800 - minute;
            double error = Math.abs(p.horizon().orElseThrow().toSeconds() / 60.0 - actual) / actual;
            errors.add(String.format(java.util.Locale.ROOT, "%d: %.0f %%", minute, 100 * error));
            // Measured: 1 to 7 % (the six hours alone were off by up to 168 %).
            assertTrue(error <= 0.10, "at minute " + minute + ": " + errors);
        }
        System.out.println("bursty disk, time-to-full error: " + errors);
    }

    @Test
    void aDiskThatOnlyCyclesDailyIsNoPrediction() {
        Random random = new Random(6);
        assertEquals(Map.of(), run(new CapacityPlanningPredictor(Duration.ofDays(7)), 3 * 1440, 60,
                i -> disk(600 + 30 * Math.sin(2 * Math.PI * i / 1440) + 0.5 * random.nextGaussian())));
    }

    private static List<MetricSample> latency(double seconds) {
        return List.of(MetricSample.gauge("service.response.time", seconds, Map.of("service", "search"))
                .withBaseUnit("seconds"));
    }

    @Test
    void aResponseTimeThatStepsUpIsADegradationWithinFifteenMinutes() {
        Random random = new Random(7);
        // Checked every 20 s; 200 ms ± 10 ms for two hours, then 320 ms.
        Map<Integer, Prediction> predicted = run(new PerformanceDegradationPredictor(), 3 * 180, 20,
                i -> latency((i < 360 ? 0.200 : 0.320) + 0.010 * random.nextGaussian()));
        assertTrue(!predicted.isEmpty(), "no prediction");
        int first = predicted.keySet().iterator().next();
        assertTrue(first >= 120 && first <= 135, "first at minute " + first);
        // The slow checks show in the tail first; once they are half of the window, in the median.
        Prediction p = predicted.get(135);
        assertEquals("search", p.service());
        assertEquals("level", p.evidence().get("kind"));
        assertTrue(p.message().contains("rose from 200 ms to 3"), p.message());
    }

    @Test
    void oneSlowCheckInAnHourIsNoDegradation() {
        Random random = new Random(8);
        assertEquals(Map.of(), run(new PerformanceDegradationPredictor(), 24 * 180, 20,
                i -> latency(i % 180 == 90 ? 3.0 : 0.200 + 0.010 * random.nextGaussian())));
    }

    @Test
    void aSlowTailIsADegradationOfTheTail() {
        Random random = new Random(9);
        // From hour 2, one check in eight takes 1.2 s: the median does not move, the tail does.
        Map<Integer, Prediction> predicted = run(new PerformanceDegradationPredictor(), 3 * 180, 20,
                i -> latency((i >= 360 && i % 8 == 0 ? 1.2 : 0.200) + 0.010 * random.nextGaussian()));
        assertTrue(!predicted.isEmpty() && predicted.keySet().iterator().next() >= 120, "rounds: " + predicted.keySet());
        assertEquals("tail", predicted.values().iterator().next().evidence().get("kind"));
        List<Integer> before = new ArrayList<>(predicted.keySet());
        before.removeIf(m -> m >= 120);
        assertEquals(List.of(), before);
    }
}
