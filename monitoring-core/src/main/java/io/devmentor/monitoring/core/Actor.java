package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.EventMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who asks for a change: a person or a client, whose name and session go into the metadata of the events the
 * change publishes ({@code userId}, {@code sessionId}) and onto the incident's timeline; or the engine and its
 * rules, whose changes are not attributed to anyone.
 *
 * @param name who: a user's name, {@code engine}, {@code rule:…}; 1–128 characters
 * @param sessionId the dashboard's or the live connection's session it came from, when known
 * @param attributed whether a person or a client asked (the event's {@code userId} is then the name)
 */
public record Actor(String name, Optional<String> sessionId, boolean attributed) {

    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** The engine itself. */
    public static final Actor ENGINE = new Actor("engine", Optional.empty(), false);

    /** Validates the components. */
    public Actor {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("actor must be 1–128 characters");
        }
        Objects.requireNonNull(sessionId, "sessionId");
        sessionId.ifPresent(id -> {
            if (!SESSION.matcher(id).matches()) {
                throw new IllegalArgumentException("a session id is 1–128 letters, digits, '.', '_', ':' or '-'");
            }
        });
    }

    /**
     * A person or a client, by name.
     *
     * @param name the name
     * @return the actor
     */
    public static Actor user(String name) {
        return new Actor(name, Optional.empty(), true);
    }

    /**
     * A person or a client, by name, in a session of the dashboard or the live stream.
     *
     * @param name the name
     * @param sessionId the session
     * @return the actor
     */
    public static Actor user(String name, Optional<String> sessionId) {
        return new Actor(name, sessionId, true);
    }

    /**
     * A part of the engine, such as a rule: not attributed to anyone.
     *
     * @param name the part's name
     * @return the actor
     */
    public static Actor engine(String name) {
        return new Actor(name, Optional.empty(), false);
    }

    /**
     * An event's metadata with this actor's {@code userId} and {@code sessionId}, when it is attributed.
     *
     * @param metadata the metadata
     * @return the metadata, attributed
     */
    public EventMetadata attribute(EventMetadata metadata) {
        return attributed ? new EventMetadata(metadata.correlationId(), Optional.of(name), sessionId, metadata.tags(),
                metadata.count()) : metadata;
    }

    /**
     * A timeline entry's data with the session added, when there is one.
     *
     * @param data the entry's data
     * @return the data
     */
    public Map<String, Object> onTimeline(Map<String, Object> data) {
        if (sessionId.isEmpty()) {
            return data;
        }
        Map<String, Object> with = new LinkedHashMap<>(data);
        with.put("sessionId", sessionId.get());
        return with;
    }
}
