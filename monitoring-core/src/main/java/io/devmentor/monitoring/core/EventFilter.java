package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.EventPatterns;
import io.devmentor.monitoring.api.MonitoringEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events a subscriber wants: event-type patterns ({@code service.*}, {@code incident.created},
 * {@code *}) and, optionally, the services they come from.
 *
 * @param patterns event-type patterns, where {@code *} stands for any characters; at least one
 * @param services the sources to keep; empty keeps every source
 */
public record EventFilter(List<String> patterns, Set<String> services) {

    private static final int MAX_PATTERNS = 100;
    private static final int MAX_SERVICES = 10_000;

    /** Every event. */
    public static final EventFilter ALL = new EventFilter(List.of("*"), Set.of());

    /** Validates and copies the components, naming a bad pattern. */
    public EventFilter {
        patterns = List.copyOf(patterns);
        services = Set.copyOf(services);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("at least one event pattern is needed, such as '*' or 'service.*'");
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("at most " + MAX_PATTERNS + " event patterns, was " + patterns.size());
        }
        if (services.size() > MAX_SERVICES) {
            throw new IllegalArgumentException("at most " + MAX_SERVICES + " services, was " + services.size());
        }
        patterns.forEach(EventPatterns::requireValid);
    }

    /**
     * A filter on event types only.
     *
     * @param patterns the event-type patterns
     * @return the filter
     */
    public static EventFilter of(String... patterns) {
        return new EventFilter(List.of(patterns), Set.of());
    }

    /**
     * Whether the event passes the filter.
     *
     * @param event the event
     * @return true when its type matches a pattern and its source is one of the services, if any are given
     */
    public boolean matches(MonitoringEvent event) {
        if (!services.isEmpty() && !services.contains(event.source())) {
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
     * The patterns that the event matches, in their order: empty when it does not pass the filter. A live
     * stream delivers an event under each of them, so that a client listening on {@code incident.*} hears it.
     *
     * @param event the event
     * @return the matching patterns
     */
    public List<String> matchingPatterns(MonitoringEvent event) {
        if (!services.isEmpty() && !services.contains(event.source())) {
            return List.of();
        }
        List<String> matching = new ArrayList<>(1);
        for (String pattern : patterns) {
            if (EventPatterns.matches(pattern, event.type())) {
                matching.add(pattern);
            }
        }
        return matching;
    }

    @Override
    public String toString() {
        return String.join(",", patterns) + (services.isEmpty() ? "" : " from " + services.stream().sorted()
                .collect(Collectors.joining(",")));
    }
}
