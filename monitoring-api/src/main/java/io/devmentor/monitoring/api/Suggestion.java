package io.devmentor.monitoring.api;

import java.util.List;

/**
 * An entry of the knowledge base: what to do about one kind of failure or prediction.
 *
 * @param kind the failure kind ({@link FailureKinds}) or prediction type ({@link PredictionTypes}) it answers
 * @param title what it is, in a line
 * @param steps the concrete next steps, in order
 */
public record Suggestion(String kind, String title, List<String> steps) {

    /** Validates and copies the components. */
    public Suggestion {
        MonitoringEvent.requireText(kind, "kind");
        MonitoringEvent.requireText(title, "title");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a suggestion needs at least one step");
        }
    }
}
