package io.devmentor.monitoring.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of the stored event history, newest first.
 *
 * @param events the events of the page
 * @param next where the next page starts ({@link EventQuery#before(long)}); empty when this page is the last
 */
public record EventPage(List<MonitoringEvent> events, OptionalLong next) {
    /** Copies the events. */
    public EventPage {
        events = List.copyOf(events);
        Objects.requireNonNull(next, "next");
    }
}
