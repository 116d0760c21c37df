package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.spi.EventTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from an {@link EventTransport}: every event published reaches the receiver once, in
 * the order one publisher sent them, whole (its data and metadata as they were); and, for a transport between
 * instances, an event published on one reaches every instance's receiver once, its own included.
 *
 * <p>Extend it and say how to make a transport; for one between instances, also how to make a second instance's
 * on the same medium. Every transport made is closed after the test.
 */
public abstract class EventTransportContract {

    static final Duration LIMIT = Duration.ofSeconds(10);
    private final List<EventTransport> made = new ArrayList<>();

    /** For a plugin's test to extend. */
    protected EventTransportContract() {
    }

    /**
     * Makes a transport, as an engine would at its start.
     *
     * @return the transport
     * @throws Exception when it cannot be made
     */
    protected abstract EventTransport createTransport() throws Exception;

    @AfterEach
    void closeTransports() {
        made.forEach(EventTransport::close);
    }

    /** Receives on the transport, which is closed after the test. */
    final List<MonitoringEvent> receiving(EventTransport transport) {
        made.add(transport);
        List<MonitoringEvent> received = new CopyOnWriteArrayList<>();
        transport.receive(received::add);
        return received;
    }

    static MonitoringEvent event(String type, int n) {
        return MonitoringEvent.of(type, "svc-" + (n % 5), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Severity.WARNING, Map.of("n", n));
    }

    @Test
    void everyEventReachesTheReceiverOnceInOrder() throws Exception {
        EventTransport transport = createTransport();
        List<MonitoringEvent> received = receiving(transport);
        String type = "contract." + UUID.randomUUID();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MonitoringEvent event = event(type, i);
            sent.add(event.id());
            transport.publish(event);
        }
        Await.until(LIMIT, () -> received.size() + " of 200 events", () -> ours(received, type).size() >= 200);
        assertEquals(sent, ours(received, type).stream().map(MonitoringEvent::id).toList());
    }

    @Test
    void anEventArrivesWhole() throws Exception {
        EventTransport transport = createTransport();
        List<MonitoringEvent> received = receiving(transport);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", "auth");
        data.put("attempts", 3);
        data.put("bytes", 10_000_000_000L);
        data.put("latency", 0.25);
        data.put("up", false);
        data.put("reason", "connection refused — \"quoted\", ünïcode ✓");
        data.put("dependsOn", List.of("db", "cache"));
        data.put("thresholds", Map.of("errorRate", 0.05, "name", "x"));
        String type = "contract." + UUID.randomUUID();
        MonitoringEvent event = new MonitoringEvent(UUID.randomUUID().toString(), type, "auth",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Severity.CRITICAL, data,
                new EventMetadata(Optional.of("corr-1"), Optional.of("alice"), Optional.of("session-7"),
                        List.of("frontend", "critical"), 4));
        transport.publish(event);
        Await.until(LIMIT, () -> "the event", () -> !ours(received, type).isEmpty());
        assertEquals(List.of(event), ours(received, type));
    }

    /** The events of this test: a transport between instances may carry others' too. */
    static List<MonitoringEvent> ours(List<MonitoringEvent> received, String type) {
        return received.stream().filter(e -> e.type().equals(type)).toList();
    }
}
