package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.spi.EventTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link EventTransportContract} for a transport between instances: besides, an event published on one instance
 * reaches every instance's receiver once, its own included.
 *
 * <p>Extend it and say how to make a transport, and a second instance's on the same medium.
 */
public abstract class SharedEventTransportContract extends EventTransportContract {

    /** For a plugin's test to extend. */
    protected SharedEventTransportContract() {
    }

    /**
     * Makes the transport of another instance on the same medium as {@link #createTransport()}'s.
     *
     * @return the second instance's transport
     * @throws Exception when it cannot be made
     */
    protected abstract EventTransport createPeer() throws Exception;

    @Test
    void betweenInstancesEveryReceiverHasEachEventOnce() throws Exception {
        EventTransport first = createTransport();
        List<MonitoringEvent> firstReceived = receiving(first);
        EventTransport peer = createPeer();
        List<MonitoringEvent> secondReceived = receiving(peer);
        String type = "contract." + UUID.randomUUID();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            MonitoringEvent event = event(type, i);
            sent.add(event.id());
            (i % 2 == 0 ? first : peer).publish(event);
        }
        Await.until(LIMIT, () -> "50 events on both instances, had " + ours(firstReceived, type).size() + " and "
                + ours(secondReceived, type).size(),
                () -> ours(firstReceived, type).size() >= 50 && ours(secondReceived, type).size() >= 50);
        for (List<MonitoringEvent> received : List.of(firstReceived, secondReceived)) {
            List<String> ids = ours(received, type).stream().map(MonitoringEvent::id).sorted().toList();
            assertEquals(sent.stream().sorted().toList(), ids, "each event once on each instance");
        }
    }
}
