package io.devmentor.monitoring.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A page of the stored event history, newest first.
 *
 * @param patterns event-type patterns ({@code service.*}, {@code incident.created}, {@code *}), where {@code *}
 *     stands for any characters; at least one
 * @param sources only events from these sources (services, {@code system}, a plugin); empty for all
 * @param from only events at or after this time
 * @param to only events before this time
 * @param correlationId only events with this correlation id
 * @param attributedOnly only events that a person or a client caused: those with a {@code userId}
 * @param before only events stored before this position: the {@link EventPage#next()} of the page before
 * @param limit at most this many, 1–1000
 */
public record EventQuery(List<String> patterns, Set<String> sources, Optional<Instant> from, Optional<Instant> to,
        Optional<String> correlationId, boolean attributedOnly, OptionalLong before, int limit) {

    /** The most patterns or sources one query takes. */
    public static final int MAX_TERMS = 100;

    /** Validates and copies the components. */
    public EventQuery {
        patterns = List.copyOf(patterns);
        sources = Set.copyOf(sources);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(before, "before");
        if (patterns.isEmpty() || patterns.size() > MAX_TERMS) {
            throw new IllegalArgumentException("1–" + MAX_TERMS + " event patterns are needed, such as '*' or"
                    + " 'service.*', was " + patterns.size());
        }
        patterns.forEach(EventPatterns::requireValid);
        if (sources.size() > MAX_TERMS) {
            throw new IllegalArgumentException("at most " + MAX_TERMS + " sources, was " + sources.size());
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1–1000, was " + limit);
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /**
     * The newest events of every type and source; narrow it with the withers:
     * {@code EventQuery.latest(50).withPatterns(List.of("service.*")).withCorrelationId(id)}.
     *
     * @param limit at most this many, 1–1000
     * @return the query
     */
    public static EventQuery latest(int limit) {
        return new EventQuery(List.of("*"), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                OptionalLong.empty(), limit);
    }

    /**
     * This query, of events whose type matches one of the patterns.
     *
     * @param value the patterns
     * @return the query
     */
    public EventQuery withPatterns(List<String> value) {
        return new EventQuery(value, sources, from, to, correlationId, attributedOnly, before, limit);
    }

    /**
     * This query, of events from these sources only.
     *
     * @param value the sources
     * @return the query
     */
    public EventQuery withSources(Set<String> value) {
        return new EventQuery(patterns, value, from, to, correlationId, attributedOnly, before, limit);
    }

    /**
     * This query, of events in a span of time.
     *
     * @param start at or after this time; empty for no bound
     * @param end before this time; empty for no bound
     * @return the query
     */
    public EventQuery between(Optional<Instant> start, Optional<Instant> end) {
        return new EventQuery(patterns, sources, start, end, correlationId, attributedOnly, before, limit);
    }

    /**
     * This query, of one correlation id's events only.
     *
     * @param value the correlation id
     * @return the query
     */
    public EventQuery withCorrelationId(String value) {
        return new EventQuery(patterns, sources, from, to, Optional.of(value), attributedOnly, before, limit);
    }

    /**
     * This query, of the events that a person or a client caused only.
     *
     * @return the query
     */
    public EventQuery attributed() {
        return new EventQuery(patterns, sources, from, to, correlationId, true, before, limit);
    }

    /**
     * This query, continued after a page: of the events stored before its last one.
     *
     * @param position the page's {@link EventPage#next()}
     * @return the query
     */
    public EventQuery before(long position) {
        return new EventQuery(patterns, sources, from, to, correlationId, attributedOnly, OptionalLong.of(position),
                limit);
    }

    /**
     * Whether an event passes the query's filters (all but the position).
     *
     * @param event the event
     * @return true when it does
     */
    public boolean matches(MonitoringEvent event) {
        if (!sources.isEmpty() && !sources.contains(event.source())) {
            return false;
        }
        if ((from.isPresent() && event.timestamp().isBefore(from.get()))
                || (to.isPresent() && !event.timestamp().isBefore(to.get()))) {
            return false;
        }
        if (correlationId.isPresent() && !correlationId.equals(event.metadata().correlationId())) {
            return false;
        }
        if (attributedOnly && event.metadata().userId().isEmpty()) {
            return false;
        }
        for (String pattern : patterns) {
            if (EventPatterns.matches(pattern, event.type())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The query's filters as one SQL condition, for stores that keep events in SQL: on the columns {@code type},
     * {@code source}, {@code at} (a timestamp with time zone), {@code correlation_id}, {@code user_id} (null for
     * events no one caused) and {@code position} (the order stored). Patterns become {@code LIKE} with a backslash
     * as the escape character, so {@code _} and {@code %} stay themselves.
     *
     * @param parameters where the condition's values are added, in the order of its {@code ?}s: strings, an
     *     {@link OffsetDateTime} in UTC for a time, a {@link Long} for a position
     * @return the condition
     */
    public String sqlCondition(List<Object> parameters) {
        StringJoiner types = new StringJoiner(" OR ", "(", ")");
        for (String pattern : patterns) {
            types.add("type LIKE ? ESCAPE '\\'");
            parameters.add(pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%'));
        }
        StringBuilder where = new StringBuilder(types.toString());
        if (!sources.isEmpty()) {
            StringJoiner marks = new StringJoiner(", ", " AND source IN (", ")");
            sources.stream().sorted().forEach(source -> {
                marks.add("?");
                parameters.add(source);
            });
            where.append(marks);
        }
        from.ifPresent(time -> {
            where.append(" AND at >= ?");
            parameters.add(OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        });
        to.ifPresent(time -> {
            where.append(" AND at < ?");
            parameters.add(OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        });
        correlationId.ifPresent(id -> {
            where.append(" AND correlation_id = ?");
            parameters.add(id);
        });
        if (attributedOnly) {
            where.append(" AND user_id IS NOT NULL");
        }
        before.ifPresent(position -> {
            where.append(" AND position < ?");
            parameters.add(position);
        });
        return where.toString();
    }
}
