package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The failure predictor on a service checked every 20 seconds, asked every 5 minutes. */
class FailurePredictorTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    /** The minutes of the rounds that predicted a failure at 0.8 or more; the check at {@code i} fails with the given probability. */
    private static List<Integer> run(int minutes, IntToDoubleFunction failureAtCheck, List<Prediction> seen) {
        Random random = new Random(3);
        FailurePredictor predictor = new FailurePredictor();
        List<Integer> predicted = new ArrayList<>();
        for (int i = 0; i < minutes * 3; i++) {
            Instant at = START.plusSeconds(20L * i);
            double status = random.nextDouble() < failureAtCheck.applyAsDouble(i) ? 0 : 1;
            predictor.observe(MetricSample.gauge("service.health.status", status, Map.of("service", "payments")), at);
            predictor.observe(MetricSample.gauge("service.response.time", 0.1, Map.of("service", "payments"))
                    .withBaseUnit("seconds"), at);
            if (i % 15 == 0) {
                List<Prediction> predictions = predictor.predict(at);
                predictions.stream().filter(p -> p.confidence() >= 0.8).findFirst().ifPresent(p -> {
                    predicted.add((int) Duration.between(START, at).toMinutes());
                    seen.add(p);
                });
            }
        }
        return predicted;
    }

    @Test
    void aServiceWhoseChecksFailMoreAndMoreIsPredictedToFailBeforeItIsDown() {
        List<Prediction> seen = new ArrayList<>();
        // From minute 120, failures rise from 0 to 50 % over 40 minutes; down from minute 160.
        List<Integer> predicted = run(170, i -> i >= 480 ? 1 : i >= 360 ? 0.5 * (i - 360) / 120.0 : 0.002, seen);
        assertTrue(!predicted.isEmpty() && predicted.get(0) >= 120 && predicted.get(0) < 160, "rounds: " + predicted);
        Prediction first = seen.get(0);
        assertEquals(PredictionTypes.FAILURE_PREDICTION, first.type());
        assertEquals("payments", first.service());
        assertEquals(Duration.ofMinutes(30), first.horizon().orElseThrow());
        assertTrue(first.message().contains("of its checks failed"), first.message());
    }

    @Test
    void aHealthyServiceWithARareFailedCheckIsNotPredictedToFail() {
        assertEquals(List.of(), run(2 * 1440, i -> 0.002, new ArrayList<>()));
    }

    @Test
    void aServiceThatIsDownAlreadyIsNoPrediction() {
        assertEquals(List.of(), run(120, i -> i >= 180 ? 1 : 0, new ArrayList<>()));
    }
}
