package io.devmentor.monitoring.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification to one channel, as the notification log keeps it. Never holds a webhook URL or a
 * password.
 *
 * @param id the notification's id, the same on every retry: {@code incident:transition[:level:round]}
 * @param incidentId the incident it is about
 * @param service the incident's service
 * @param channel the notifier's name
 * @param transition {@code opened}, {@code escalated}, {@code acknowledged} or {@code resolved}
 * @param status {@code pending}, {@code delivered} or {@code failed}
 * @param attempts how many times delivery was tried
 * @param lastError why the last attempt failed
 * @param createdAt when the notification was decided
 * @param updatedAt when it last changed
 */
public record NotificationRecord(String id, String incidentId, String service, String channel, String transition,
        String status, int attempts, Optional<String> lastError, Instant createdAt, Instant updatedAt) {

    /** Validates the components. */
    public NotificationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
