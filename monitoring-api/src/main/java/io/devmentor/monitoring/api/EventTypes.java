package io.devmentor.monitoring.api;

/**
 * The names of the event types the engine emits. Event types are plain strings so that plugins can add
 * their own; these are the ones the engine and the server know.
 */
public final class EventTypes {
    /** A service became healthy (after being down, degraded or unknown). */
    public static final String SERVICE_UP = "service.up";
    /** A service failed its checks after all retries. */
    public static final String SERVICE_DOWN = "service.down";
    /** A service answers, but outside its expectations (too slow, for example). */
    public static final String SERVICE_DEGRADED = "service.degraded";
    /** A discovery found a service to watch (data: service, kind, discovery). */
    public static final String SERVICE_ADDED = "service.added";
    /** A discovered service vanished and is no longer watched (data: service, kind, discovery). */
    public static final String SERVICE_REMOVED = "service.removed";
    /** A service was restarted through a service controller (data: success, message, actor). */
    public static final String SERVICE_RESTARTED = "service.restarted";
    /** An incident was opened. */
    public static final String INCIDENT_CREATED = "incident.created";
    /** An incident changed (acknowledged, commented, escalated). */
    public static final String INCIDENT_UPDATED = "incident.updated";
    /** An incident was resolved. */
    public static final String INCIDENT_RESOLVED = "incident.resolved";
    /** A predictor produced a prediction. */
    public static final String PREDICTION_GENERATED = "prediction.generated";
    /** A service spends its error budget too fast: a multi-window burn-rate alert began or changed kind. */
    public static final String SLA_BURN_RATE = "sla.burn_rate";
    /** A service's burn-rate alert ended. */
    public static final String SLA_RECOVERED = "sla.recovered";
    /** A per-service metric crossed its threshold, or came back under it. */
    public static final String METRIC_THRESHOLD = "metric.threshold";
    /** A system resource (CPU, memory) crossed its threshold, or came back under it. */
    public static final String SYSTEM_ALERT = "system.alert";

    private EventTypes() {
    }
}
