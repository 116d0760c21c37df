package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.Suggestion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine makes of an incident: the kind of failure, its likely causes, most likely first, and the
 * knowledge base's next steps for it.
 *
 * @param incidentId the incident
 * @param service its service
 * @param failureKind the kind of failure, see {@link io.devmentor.monitoring.api.FailureKinds}
 * @param causes the likely causes, most likely first
 * @param suggestions the next steps for the kind of failure and for the top cause
 * @param analyzedAt when it was made
 */
public record IncidentAnalysis(String incidentId, String service, String failureKind, List<Cause> causes,
        List<Suggestion> suggestions, Instant analyzedAt) {

    /** Validates and copies the components. */
    public IncidentAnalysis {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(failureKind, "failureKind");
        causes = List.copyOf(causes);
        suggestions = List.copyOf(suggestions);
        Objects.requireNonNull(analyzedAt, "analyzedAt");
    }

    /**
     * One likely cause.
     *
     * @param service the service it lies with
     * @param subject what in it: {@code service} (its failure), or the series
     * @param score how likely, relatively: causes are ranked by it
     * @param reason why, in a sentence
     * @param evidence the figures behind it
     */
    public record Cause(String service, String subject, double score, String reason, Map<String, Object> evidence) {

        /** Copies the evidence. */
        public Cause {
            evidence = Map.copyOf(evidence);
        }
    }
}
