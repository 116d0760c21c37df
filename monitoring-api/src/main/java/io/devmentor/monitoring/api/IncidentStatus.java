package io.devmentor.monitoring.api;

/** Where an incident is in its lifecycle: open, then acknowledged, then resolved. */
public enum IncidentStatus {
    /** Detected, nobody has taken it yet. */
    OPEN,
    /** Somebody is on it; escalation stops. */
    ACKNOWLEDGED,
    /** Over. */
    RESOLVED
}
