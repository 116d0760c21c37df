package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One step in an incident's history: a detection, an action, a notification, a comment.
 *
 * @param at when it happened
 * @param actor who or what did it: {@code engine}, a user, a notifier
 * @param kind what kind of step: {@code detected}, {@code acknowledged}, {@code comment}, {@code restart}, …
 * @param message a human-readable line
 * @param data structured details
 */
public record TimelineEntry(Instant at, String actor, String kind, String message, Map<String, Object> data) {
    /** Validates and copies the components. */
    public TimelineEntry {
        Objects.requireNonNull(at, "at");
        MonitoringEvent.requireText(actor, "actor");
        MonitoringEvent.requireText(kind, "kind");
        Objects.requireNonNull(message, "message");
        data = Map.copyOf(data);
    }
}
