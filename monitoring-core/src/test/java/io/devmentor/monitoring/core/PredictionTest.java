package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.core.analysis.AnomalyDetector;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.tck.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions through the engine, in simulated time (a clock the test moves, rounds run by the host API):
 * threshold, one event per anomaly, nothing while a series is being learnt, and a fresh engine on a machine of
 * this kind quiet for its first hour.
 */
class PredictionTest {

    /** A detector's level for a series of a value every 30 s: 1 - 30 s / week. */
    private static final double LEVEL = 1 - 30.0 / (7 * 24 * 3600);
    /** Collection and prediction rounds only when the test asks for them. */
    private static final String NEVER = "86400000";
    /**
     * The engine's scheduler, whose time never moves: the round it would time at start (on a thread of its own,
     * at a moment no test controls) never comes, so every run draws the same series at the same times.
     */
    private final VirtualTime stopped = VirtualTime.startingAt(Instant.parse("2026-11-02T00:00:00Z"));

    @TempDir
    Path dir;

    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.parse("2026-11-02T00:00:00Z"));
    /** The queue depth of a service: noise around 100, and far out for rounds 300 to 310. */
    private final AtomicInteger round = new AtomicInteger();
    private Random random = new Random(7);
    private double unusual = 400;

    private MonitoringBuilder engine(Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of("MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", NEVER, "PREDICTIVE_MAINTENANCE_INTERVAL", NEVER));
        environment.putAll(more);
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(environment, dir))
                .clock(clock).scheduler(stopped);
    }

    /** The queue alone: the built-in system collector, which reads this machine in real time, is left out. */
    private Monitoring withQueue(Map<String, String> more) {
        return engine(more).metricsCollectorProvider(collector("system", List::of))
                .metricsCollectorProvider(collector("queue", () -> {
                    int n = round.get();
                    double depth = n >= 300 && n <= 310 ? unusual : 100 + 2 * random.nextGaussian();
                    return List.of(MetricSample.gauge("app.queue.depth", depth, Map.of("service", "orders")));
                })).build();
    }

    /** A collector provider that takes the place of any other of its name. */
    private static MetricsCollectorProvider collector(String name, MetricsCollector collector) {
        return new MetricsCollectorProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return 100;
            }

            @Override
            public MetricsCollector create(PluginContext context) {
                return collector;
            }
        };
    }

    /**
     * Starts the engine and collects once, before the clock moves, as the engine's own first round would.
     */
    private static Monitoring started(Monitoring monitoring) {
        monitoring.start();
        monitoring.collectNow();
        return monitoring;
    }

    /** Moves the clock 30 s, collects, and predicts: one round, as the engine's schedule would. */
    private List<Prediction> round(Monitoring monitoring) {
        round.incrementAndGet();
        clock.advance(Duration.ofSeconds(30));
        monitoring.collectNow();
        return monitoring.predictNow();
    }

    @Test
    void anUnusualSeriesIsPredictedOnceWhileItLastsAndNoLonger() {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        try (Monitoring monitoring = withQueue(Map.of())) {
            monitoring.subscribe(EventFilter.of(EventTypes.PREDICTION_GENERATED), recorder);
            started(monitoring);
            List<Integer> predicted = new ArrayList<>();
            Prediction first = null;
            for (int i = 0; i < 500; i++) {
                List<Prediction> now = round(monitoring).stream().filter(p -> p.service().equals("orders")).toList();
                if (!now.isEmpty()) {
                    predicted.add(round.get());
                    first = first == null ? now.get(0) : first;
                }
            }
            assertTrue(!predicted.isEmpty(), "a prediction about the queue");
            assertTrue(predicted.get(0) >= 300 && predicted.get(0) <= 305, "within 2 min of its start: " + predicted);
            int last = predicted.get(predicted.size() - 1);
            assertEquals(last - predicted.get(0) + 1, predicted.size(), "every round while it lasts: " + predicted);
            // Its return to 100 is news to the detector for a few values too; then 50 ordinary ones end it.
            assertTrue(last > 310 && last <= 310 + AnomalyDetector.EPISODE_END + 20, "and not long after: " + last);

            assertEquals(PredictionTypes.ANOMALY_DETECTION, first.type());
            assertTrue(first.confidence() >= LEVEL, "the calibrated score: " + first.confidence());
            assertEquals("app.queue.depth{service=orders}", first.evidence().get("series"));
            assertEquals(400.0, first.evidence().get("detectedValue"));
            assertTrue(first.message().startsWith("app queue depth 400, usually 9"), first.message());
            assertTrue(first.message().contains("–10"), "the usual range: " + first.message());
            assertTrue(!first.suggestion().isBlank());
            assertEquals(1, recorder.count(e -> e.source().equals("orders")),
                    "one prediction.generated for the whole episode, however many rounds saw it");
            assertEquals("anomaly_detection", recorder.events.stream().filter(e -> e.source().equals("orders"))
                    .findFirst().orElseThrow().data().get("type"));
            assertEquals(0.0, monitoring.meterRegistry().get("monitoring.predictions.open").gauge().value(), monitoring.predictions().toString());
        }
    }

    @Test
    void onlyWhatReachesPredictionThresholdIsPublished() {
        unusual = 130; // fifteen standard deviations: news, though not beyond every scale
        double confidence = firstConfidence(Map.of());
        assertTrue(confidence >= LEVEL && confidence < 1, "scored " + confidence);
        double above = confidence + (1 - confidence) / 2;
        assertEquals(-1.0, firstConfidence(Map.of("PREDICTION_THRESHOLD", Double.toString(above))),
                "the same series with PREDICTION_THRESHOLD " + above);
    }

    /** The confidence of the first prediction about the queue in 330 rounds, or -1; the same series each time. */
    private double firstConfidence(Map<String, String> environment) {
        round.set(0);
        random = new Random(7);
        try (Monitoring monitoring = started(withQueue(environment))) {
            for (int i = 0; i < 330; i++) {
                for (Prediction p : round(monitoring)) {
                    if (p.service().equals("orders")) {
                        return p.confidence();
                    }
                }
            }
            return -1;
        }
    }

    @Test
    void withPredictionsOffNothingIsPredicted() {
        try (Monitoring monitoring = started(withQueue(Map.of("ENABLE_PREDICTIONS", "false")))) {
            for (int i = 0; i < 320; i++) {
                assertTrue(round(monitoring).isEmpty());
            }
            assertTrue(monitoring.plugins().stream().noneMatch(p -> p.extensionPoint().equals("PredictorProvider")));
        }
    }

    @Test
    void aFreshEngineOnAQuietMachineRaisesNoPredictionInItsFirstHour() throws Exception {
        // What the built-in collectors read on a fresh engine with its defaults, a round every 5 s, for an hour
        // and more, on a machine of the kind this runs on, while builds and benchmarks came and went beside it
        // (QuietMachineTrace): replayed round by round in simulated time, in place of the built-in system
        // collector, with everything else as it comes.
        java.util.NavigableMap<Long, List<MetricSample>> rounds = quietMachineTrace();
        long first = rounds.firstKey();
        TestSupport.MovableClock replayClock = new TestSupport.MovableClock(Instant.ofEpochMilli(first));
        long[] replayed = {Long.MIN_VALUE};
        // Each round once, at its time: the engine's own first round, at start, is the first recorded one.
        MetricsCollectorProvider recorded = collector("system", () -> {
            Map.Entry<Long, List<MetricSample>> due = rounds.floorEntry(replayClock.millis());
            if (due == null || due.getKey() <= replayed[0]) {
                return List.of();
            }
            replayed[0] = due.getKey();
            return due.getValue();
        });
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR",
                        dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", NEVER,
                        "PREDICTIVE_MAINTENANCE_INTERVAL", NEVER), dir))
                .clock(replayClock).metricsCollectorProvider(recorded).build()) {
            started(monitoring);
            List<Prediction> raised = new ArrayList<>();
            long previous = first;
            int round = 0;
            for (long at : rounds.headMap(first + 3_600_000, true).keySet()) {
                replayClock.advance(Duration.ofMillis(at - previous));
                previous = at;
                monitoring.collectNow();
                if (++round % 6 == 0) {
                    raised.addAll(monitoring.predictNow()); // every 30 s
                }
            }
            raised.addAll(monitoring.predictNow());
            assertTrue(round >= 700, "an hour of rounds: " + round);
            assertEquals(List.of(), raised, "no prediction in the first hour");
            Baseline cpu = monitoring.baselines().stream()
                    .filter(b -> b.series().equals("system.cpu.usage.percent")).findFirst().orElseThrow();
            assertEquals(round, cpu.samples(), "the CPU was watched all along");
            assertTrue(monitoring.baselines().size() >= 10, "and the other series: " + monitoring.baselines().size());
        }
    }

    /** The recorded rounds by their time: {@code epochMillis, name, tags, unit, value}, tab-separated. */
    private static java.util.NavigableMap<Long, List<MetricSample>> quietMachineTrace() throws java.io.IOException {
        java.util.TreeMap<Long, List<MetricSample>> rounds = new java.util.TreeMap<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                PredictionTest.class.getResourceAsStream("quiet-machine-trace.tsv.gz")),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                Map<String, String> tags = new java.util.TreeMap<>();
                for (String tag : f[2].isEmpty() ? new String[0] : f[2].split(",")) {
                    tags.put(tag.substring(0, tag.indexOf('=')), tag.substring(tag.indexOf('=') + 1));
                }
                MetricSample sample = MetricSample.gauge(f[1], Double.parseDouble(f[4]), tags);
                rounds.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>())
                        .add(f[3].isEmpty() ? sample : sample.withBaseUnit(f[3]));
            }
        }
        return rounds;
    }
}
