package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Predictions from the built-in anomaly detector, through the engine: threshold, one event per condition. */
class PredictionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** The queue depth of a service: noise around 100, and far-out values for rounds 30 to 40. */
    private final AtomicInteger round = new AtomicInteger();
    private final Random random = new Random(7);

    private Monitoring engine(Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of("MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "100", "PREDICTIVE_MAINTENANCE_INTERVAL", "20"));
        environment.putAll(more);
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(environment, dir))
                .metricsCollectorProvider(new MetricsCollectorProvider() {
                    @Override
                    public String name() {
                        return "queue";
                    }

                    @Override
                    public MetricsCollector create(PluginContext context) {
                        return () -> {
                            int n = round.incrementAndGet();
                            double depth = n >= 30 && n <= 40 ? 400 : 100 + 2 * random.nextGaussian();
                            return List.of(MetricSample.gauge("app.queue.depth", depth, Map.of("service", "orders")));
                        };
                    }
                })
                .build();
    }

    @Test
    void anUnusualSeriesIsPredictedOnceWhileItLastsAndNoLonger() {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        try (Monitoring monitoring = engine(Map.of())) {
            monitoring.subscribe(EventFilter.of(EventTypes.PREDICTION_GENERATED), recorder);
            monitoring.start();
            TestSupport.await(WAIT, "a prediction about the queue", () -> monitoring.predictions().stream()
                    .anyMatch(p -> p.service().equals("orders")));
            Prediction prediction = monitoring.predictions().stream().filter(p -> p.service().equals("orders"))
                    .findFirst().orElseThrow();
            assertEquals(PredictionTypes.ANOMALY_DETECTION, prediction.type());
            assertTrue(prediction.confidence() >= 0.8, "at or above PREDICTION_THRESHOLD: " + prediction.confidence());
            assertEquals("app.queue.depth{service=orders}", prediction.evidence().get("series"));
            assertEquals(400.0, prediction.evidence().get("value"));
            assertTrue(prediction.message().contains("unusually above"), prediction.message());
            assertTrue(!prediction.suggestion().isBlank());

            TestSupport.await(WAIT, "the queue back to normal", () -> round.get() > 45
                    && monitoring.predictions().stream().noneMatch(p -> p.service().equals("orders")));
            assertEquals(1, recorder.count(e -> e.source().equals("orders")),
                    "one prediction.generated for the whole episode, however many rounds saw it");
            MonitoringEvent event = recorder.events.stream().filter(e -> e.source().equals("orders")).findFirst()
                    .orElseThrow();
            assertEquals("anomaly_detection", event.data().get("type"));
            assertEquals(0.0, monitoring.meterRegistry().get("monitoring.predictions.open").gauge().value());
        }
    }

    @Test
    void withPredictionsOffNothingIsPredicted() throws Exception {
        try (Monitoring monitoring = engine(Map.of("ENABLE_PREDICTIONS", "false"))) {
            monitoring.start();
            TestSupport.await(WAIT, "the unusual rounds past", () -> round.get() > 42);
            assertTrue(monitoring.predictions().isEmpty());
            assertTrue(monitoring.plugins().stream().noneMatch(p -> p.extensionPoint().equals("PredictorProvider")));
        }
    }
}
