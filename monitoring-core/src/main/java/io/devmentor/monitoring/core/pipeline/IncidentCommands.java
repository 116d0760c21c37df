package io.devmentor.monitoring.core.pipeline;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the stages that judge (SLA objectives, event rules) may ask of the incident stage. Incidents change only
 * through such commands; each change is then published once, as an {@link IncidentChanged}.
 */
public interface IncidentCommands extends IncidentTimeline {

    /** The incidents open or acknowledged now. */
    List<Incident> active();

    /** Opens an incident of the given cause. */
    Incident open(String service, String description, IncidentSeverity severity, String actor, String cause);

    /** Raises an active incident's severity, never lowers it. */
    void raise(String incidentId, IncidentSeverity severity, String actor, String message, Map<String, Object> data);

    /** Resolves an incident. */
    Incident resolveByEngine(String id, String actor, Optional<String> note);

    /** Restarts a service through its controller, on its active incident's timeline. */
    CompletionStage<RestartResult> restart(ServiceDefinition service, String actor, String reason);
}
