package io.devmentor.monitoring.api;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A filtered page of incidents, newest first.
 *
 * @param status only incidents in this status; empty for all
 * @param severity only incidents of this severity; empty for all
 * @param service only incidents of this service; empty for all
 * @param limit at most this many, 1–1000
 * @param offset skip this many
 */
public record IncidentQuery(Optional<IncidentStatus> status, Optional<IncidentSeverity> severity,
        Optional<String> service, int limit, int offset) {

    /** Validates the components. */
    public IncidentQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(service, "service");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1–1000, was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }

    /**
     * The first incidents, newest first, of every status, severity and service; narrow it with the withers:
     * {@code IncidentQuery.first(50).withStatus(IncidentStatus.OPEN).withService("auth")}.
     *
     * @param limit at most this many, 1–1000
     * @return the query
     */
    public static IncidentQuery first(int limit) {
        return new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(), limit, 0);
    }

    /**
     * This query, of incidents in one status only.
     *
     * @param value the status
     * @return the query
     */
    public IncidentQuery withStatus(IncidentStatus value) {
        return new IncidentQuery(Optional.of(value), severity, service, limit, offset);
    }

    /**
     * This query, of incidents of one severity only.
     *
     * @param value the severity
     * @return the query
     */
    public IncidentQuery withSeverity(IncidentSeverity value) {
        return new IncidentQuery(status, Optional.of(value), service, limit, offset);
    }

    /**
     * This query, of one service's incidents only.
     *
     * @param value the service
     * @return the query
     */
    public IncidentQuery withService(String value) {
        return new IncidentQuery(status, severity, Optional.of(value), limit, offset);
    }

    /**
     * This query, skipping the first incidents.
     *
     * @param value how many to skip
     * @return the query
     */
    public IncidentQuery withOffset(int value) {
        return new IncidentQuery(status, severity, service, limit, value);
    }
}
