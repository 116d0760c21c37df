package io.devmentor.monitoring.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata of a {@link MonitoringEvent}, as in the seed's event schema, plus the number of identical
 * events this one stands for when a burst was aggregated.
 *
 * @param correlationId shared by events that belong together (one outage, its incident, its recovery)
 * @param userId the user that caused the event, when a user did
 * @param sessionId the session that caused the event, when one did
 * @param tags free-form labels
 * @param count how many identical events this one stands for; 1 unless a burst was aggregated
 */
public record EventMetadata(
        Optional<String> correlationId,
        Optional<String> userId,
        Optional<String> sessionId,
        List<String> tags,
        int count) {

    /** Metadata with nothing set and a count of one. */
    public static final EventMetadata EMPTY =
            new EventMetadata(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 1);

    /** Validates and copies the components. */
    public EventMetadata {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        tags = List.copyOf(tags);
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }

    /**
     * A copy with another correlation id.
     *
     * @param id the correlation id
     * @return the copy
     */
    public EventMetadata withCorrelationId(String id) {
        return new EventMetadata(Optional.of(id), userId, sessionId, tags, count);
    }

    /**
     * A copy with another count.
     *
     * @param newCount how many identical events this one stands for
     * @return the copy
     */
    public EventMetadata withCount(int newCount) {
        return new EventMetadata(correlationId, userId, sessionId, tags, newCount);
    }
}
