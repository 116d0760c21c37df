package io.devmentor.monitoring.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.Prediction;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A prediction as it leaves a process: the seed's fields ({@code service, type, severity, message, suggestion}),
 * then its confidence to two decimals, its evidence, its horizon in whole seconds where it has one, and its time.
 *
 * @param service the service it is about
 * @param type what kind of prediction
 * @param severity how bad it would be
 * @param message what is expected
 * @param suggestion what to do about it
 * @param confidence how sure the predictor is, 0–1, to two decimals
 * @param evidence the figures behind it
 * @param horizonSeconds when it is expected to happen, where that applies
 * @param generatedAt when it was made
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record PredictionForm(String service, String type, IncidentSeverity severity, String message,
        String suggestion, double confidence, Map<String, Object> evidence, Optional<Long> horizonSeconds,
        Instant generatedAt) {

    /**
     * The form of a prediction.
     *
     * @param prediction the prediction
     * @return its form
     */
    public static PredictionForm of(Prediction prediction) {
        return new PredictionForm(prediction.service(), prediction.type(), prediction.severity(),
                prediction.message(), prediction.suggestion(), Math.round(prediction.confidence() * 100.0) / 100.0,
                prediction.evidence(), prediction.horizon().map(h -> h.toSeconds()), prediction.generatedAt());
    }
}
