package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the event history: every event an instance saw, once, in the order it was stored. Several instances may
 * append the same events to one shared store; each is kept once. Implementations are thread-safe.
 */
public interface EventStore extends AutoCloseable {

    /**
     * Appends events, in their order, in one write; an event whose id is stored already is left as it is. Durable
     * when it returns.
     *
     * @param events the events
     * @throws Exception when they could not be stored; none of them is then
     */
    void append(List<MonitoringEvent> events) throws Exception;

    /**
     * Reads a page of events, the most recently stored first.
     *
     * @param query the filter, the position to start before and the page's size
     * @return the page, with the position of the next one when there may be more
     * @throws Exception when the store cannot be read
     */
    EventPage query(EventQuery query) throws Exception;

    /**
     * Deletes the events older than a time: the history's retention.
     *
     * @param cutoff events before it go
     * @return how many went
     * @throws Exception when the store cannot be written
     */
    long deleteBefore(Instant cutoff) throws Exception;

    /** Releases the store's resources. */
    @Override
    default void close() {
    }
}
