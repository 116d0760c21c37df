package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.MonitoringEvent;
import java.util.function.Consumer;

/**
 * Carries events between the engine's producers and its dispatcher: in process by default, across
 * instances with a plugin. Every event published on any instance reaches the receiver of every instance
 * once.
 */
public interface EventTransport extends AutoCloseable {

    /**
     * Sends an event. Must not block for long: a transport that cannot reach its peer keeps the event
     * locally and delivers it to the local receiver.
     *
     * @param event the event
     */
    void publish(MonitoringEvent event);

    /**
     * Sets the receiver of every event, published here or elsewhere. Called once, before the first
     * {@link #publish}.
     *
     * @param receiver the receiver
     */
    void receive(Consumer<MonitoringEvent> receiver);

    /** Releases the transport's resources. */
    @Override
    default void close() {
    }
}
