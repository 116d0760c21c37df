package io.devmentor.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a predictor expects to happen, in the seed's shape plus its evidence.
 *
 * @param service the service (or {@code system}) it is about
 * @param type the category, see {@link PredictionTypes}
 * @param severity how serious it would be
 * @param message what is expected
 * @param suggestion what to do about it
 * @param confidence how sure the predictor is, 0–1
 * @param evidence the figures behind it: series, window, values
 * @param horizon when it is expected to happen, where that applies
 * @param generatedAt when the prediction was made
 */
public record Prediction(
        String service,
        String type,
        IncidentSeverity severity,
        String message,
        String suggestion,
        double confidence,
        Map<String, Object> evidence,
        Optional<Duration> horizon,
        Instant generatedAt) {

    /** Validates and copies the components. */
    public Prediction {
        MonitoringEvent.requireText(service, "service");
        MonitoringEvent.requireText(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(suggestion, "suggestion");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
        evidence = Map.copyOf(evidence);
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(generatedAt, "generatedAt");
    }
}
