package io.devmentor.monitoring.core.pipeline;

import java.util.Map;

/**
 * The one command that the stages after incidents give back to them: a line on an incident's timeline (a
 * notification's outcome, an analysis). It is a new change, never a reply within the change that led to it.
 */
public interface IncidentTimeline {

    /** Adds a line to an incident's timeline without announcing it. */
    void note(String incidentId, String actor, String kind, String message, Map<String, Object> data);

    /**
     * Adds a line only while the incident is open: for what describes it as it is (an analysis), which a
     * resolution made meanwhile has outdated.
     */
    void noteWhileActive(String incidentId, String actor, String kind, String message, Map<String, Object> data);
}
