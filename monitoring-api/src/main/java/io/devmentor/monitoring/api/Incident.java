package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident: something wrong with a service, from detection to resolution, with its timeline.
 *
 * @param id unique id
 * @param service the service it is about
 * @param description what is wrong
 * @param severity how serious it is
 * @param status where it is in its lifecycle
 * @param cause the kind of failure ({@code down}, {@code threshold.errorRate}, {@code manual}, …)
 * @param createdAt when it was opened
 * @param updatedAt when it last changed
 * @param resolvedAt when it was resolved
 * @param correlationId shared with the events of the same outage
 * @param causedBy the id of the incident of a dependency that likely caused this one
 * @param flapping whether the service is changing state too often; its notifications are held
 * @param maintenance whether it happened during a maintenance window; it pages nobody
 * @param timeline every step, oldest first
 */
public record Incident(
        String id,
        String service,
        String description,
        IncidentSeverity severity,
        IncidentStatus status,
        String cause,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> resolvedAt,
        Optional<String> correlationId,
        Optional<String> causedBy,
        boolean flapping,
        boolean maintenance,
        List<TimelineEntry> timeline) {

    /** Validates and copies the components. */
    public Incident {
        MonitoringEvent.requireText(id, "id");
        MonitoringEvent.requireText(service, "service");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        MonitoringEvent.requireText(cause, "cause");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causedBy, "causedBy");
        timeline = List.copyOf(timeline);
    }

    /**
     * A copy with another severity.
     *
     * @param value the severity
     * @return the copy
     */
    public Incident withSeverity(IncidentSeverity value) {
        return new Incident(id, service, description, value, status, cause, createdAt, updatedAt, resolvedAt,
                correlationId, causedBy, flapping, maintenance, timeline);
    }

    /**
     * A copy in another status.
     *
     * @param value the status
     * @param when when it was resolved, for a resolved one
     * @return the copy
     */
    public Incident withStatus(IncidentStatus value, Optional<Instant> when) {
        return new Incident(id, service, description, severity, value, cause, createdAt, updatedAt, when,
                correlationId, causedBy, flapping, maintenance, timeline);
    }

    /**
     * A copy linked to the incident that caused it, or to none.
     *
     * @param value the causing incident's id
     * @return the copy
     */
    public Incident withCausedBy(Optional<String> value) {
        return new Incident(id, service, description, severity, status, cause, createdAt, updatedAt, resolvedAt,
                correlationId, value, flapping, maintenance, timeline);
    }

    /**
     * A copy marked as flapping, or not.
     *
     * @param value whether its service flaps
     * @return the copy
     */
    public Incident withFlapping(boolean value) {
        return new Incident(id, service, description, severity, status, cause, createdAt, updatedAt, resolvedAt,
                correlationId, causedBy, value, maintenance, timeline);
    }

    /**
     * A copy with one more line on its timeline; its time of update stays.
     *
     * @param entry the line
     * @return the copy
     */
    public Incident withEntry(TimelineEntry entry) {
        List<TimelineEntry> longer = new java.util.ArrayList<>(timeline);
        longer.add(Objects.requireNonNull(entry, "entry"));
        return new Incident(id, service, description, severity, status, cause, createdAt, updatedAt, resolvedAt,
                correlationId, causedBy, flapping, maintenance, longer);
    }

    /**
     * A copy updated at another time.
     *
     * @param value when it changed last
     * @return the copy
     */
    public Incident withUpdatedAt(Instant value) {
        return new Incident(id, service, description, severity, status, cause, createdAt, value, resolvedAt,
                correlationId, causedBy, flapping, maintenance, timeline);
    }

    /**
     * Whether the incident is still open or acknowledged.
     *
     * @return true until it is resolved
     */
    public boolean isActive() {
        return status != IncidentStatus.RESOLVED;
    }
}
