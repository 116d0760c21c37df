package io.devmentor.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One monitoring event, in the seed's schema: {@code id, type, source, timestamp, severity, data,
 * metadata}.
 *
 * @param id unique id of the event
 * @param type the event type, for example {@link EventTypes#SERVICE_DOWN}
 * @param source what the event is about: a service name, {@code system}, a plugin
 * @param timestamp when it happened
 * @param severity how serious it is
 * @param data the event's payload; values are strings, numbers, booleans, lists or maps
 * @param metadata correlation and tags
 */
public record MonitoringEvent(
        String id,
        String type,
        String source,
        Instant timestamp,
        Severity severity,
        Map<String, Object> data,
        EventMetadata metadata) {

    /** Validates and copies the components. */
    public MonitoringEvent {
        requireText(id, "id");
        requireText(type, "type");
        requireText(source, "source");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(severity, "severity");
        data = Map.copyOf(data);
        Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * A new event with a random id and empty metadata.
     *
     * @param type the event type
     * @param source what the event is about
     * @param timestamp when it happened
     * @param severity how serious it is
     * @param data the payload
     * @return the event
     */
    public static MonitoringEvent of(
            String type, String source, Instant timestamp, Severity severity, Map<String, Object> data) {
        return new MonitoringEvent(
                UUID.randomUUID().toString(), type, source, timestamp, severity, data, EventMetadata.EMPTY);
    }

    /**
     * A copy with other metadata.
     *
     * @param newMetadata the metadata
     * @return the copy
     */
    public MonitoringEvent withMetadata(EventMetadata newMetadata) {
        return new MonitoringEvent(id, type, source, timestamp, severity, data, newMetadata);
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
