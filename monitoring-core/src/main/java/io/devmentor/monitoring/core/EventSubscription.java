package io.devmentor.monitoring.core;

/**
 * A subscriber's handle: how much it missed, and how to stop. Each subscriber has its own bounded queue,
 * so a slow one loses its own oldest events instead of holding up the others.
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * How many events were dropped because this subscriber's queue was full.
     *
     * @return the number of dropped events
     */
    long dropped();

    /**
     * How many events are waiting to be delivered to this subscriber.
     *
     * @return the queue's length
     */
    int pending();

    /** Stops the deliveries; events still queued are discarded. */
    @Override
    void close();
}
