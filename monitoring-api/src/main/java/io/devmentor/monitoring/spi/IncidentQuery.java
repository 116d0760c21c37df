package io.devmentor.monitoring.spi;

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
}
