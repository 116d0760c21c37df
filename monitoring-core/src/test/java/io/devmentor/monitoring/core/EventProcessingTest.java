package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventPatterns;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing, filtering, history, per-subscriber queues and aggregation. */
class EventProcessingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private SimpleMeterRegistry registry;
    private Monitoring monitoring;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(registry)
                .aggregationWindow(Duration.ofMillis(300))
                .eventHistorySize(50)
                .build();
    }

    @AfterEach
    void tearDown() {
        monitoring.close();
    }

    private static MonitoringEvent event(String type, String source) {
        return MonitoringEvent.of(type, source, Instant.now(), Severity.INFO, Map.of("n", 1));
    }

    private static MonitoringEvent correlated(String type, String source, String correlation) {
        return event(type, source).withMetadata(EventMetadata.EMPTY.withCorrelationId(correlation));
    }

    @Test
    void patternsSelectEventTypes() {
        assertTrue(EventPatterns.matches("service.*", "service.down"));
        assertTrue(EventPatterns.matches("*", "incident.created"));
        assertTrue(EventPatterns.matches("incident.created", "incident.created"));
        assertTrue(EventPatterns.matches("*.down", "service.down"));
        assertFalse(EventPatterns.matches("service.*", "incident.created"));
        assertFalse(EventPatterns.matches("incident.created", "incident.created.more"));
        assertFalse(EventPatterns.matches("service.up", "service.upx"));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of("bad pattern!"));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of());
    }

    @Test
    void subscribersGetOnlyTheEventsTheirPatternsAndServicesSelect() {
        TestSupport.Recorder services = new TestSupport.Recorder();
        TestSupport.Recorder incidents = new TestSupport.Recorder();
        TestSupport.Recorder authOnly = new TestSupport.Recorder();
        TestSupport.Recorder everything = new TestSupport.Recorder();
        monitoring.subscribe(EventFilter.of("service.*"), services);
        monitoring.subscribe(EventFilter.of("incident.created"), incidents);
        monitoring.subscribe(new EventFilter(List.of("*"), Set.of("auth")), authOnly);
        monitoring.subscribe(EventFilter.ALL, everything);

        monitoring.publish(correlated("service.down", "auth", "a"));
        monitoring.publish(correlated("service.up", "memory", "b"));
        monitoring.publish(correlated("incident.created", "auth", "c"));
        monitoring.publish(correlated("incident.resolved", "memory", "d"));

        Await.until(WAIT, "all four events", () -> everything.events.size() == 4);
        Await.until(WAIT, "the service events", () -> services.events.size() == 2);
        assertEquals(List.of("service.down", "service.up"), services.events.stream().map(MonitoringEvent::type).toList());
        Await.until(WAIT, "the incident", () -> incidents.events.size() == 1);
        assertEquals("incident.created", incidents.events.get(0).type());
        Await.until(WAIT, "auth's events", () -> authOnly.events.size() == 2);
        assertTrue(authOnly.events.stream().allMatch(e -> e.source().equals("auth")));
    }

    @Test
    void aSlowSubscriberLosesItsOwnOldestEventsAndHoldsUpNoOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventSubscription slow = monitoring.subscribe(EventFilter.ALL, e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, 10);
        TestSupport.Recorder fast = new TestSupport.Recorder();
        monitoring.subscribe(EventFilter.ALL, fast, 1000);

        for (int i = 0; i < 200; i++) {
            monitoring.publish(correlated("test.event", "src", "c" + i));
        }
        Await.until(WAIT, "the fast subscriber's 200 events", () -> fast.events.size() == 200);
        assertTrue(slow.dropped() >= 180, "slow subscriber dropped " + slow.dropped());
        assertTrue(slow.pending() <= 10);
        assertEquals(slow.dropped(), monitoring.eventsDropped());
        assertEquals((double) slow.dropped(), registry.get("monitoring.events.dropped").counter().count());
        release.countDown();
    }

    @Test
    void aSubscriberThatThrowsKeepsReceiving() {
        TestSupport.Recorder seen = new TestSupport.Recorder();
        monitoring.subscribe(EventFilter.ALL, e -> {
            seen.accept(e);
            throw new IllegalStateException("boom");
        });
        monitoring.publish(correlated("a.b", "s", "1"));
        monitoring.publish(correlated("a.b", "s", "2"));
        Await.until(WAIT, "both events despite the exceptions", () -> seen.events.size() == 2);
        assertEquals(2.0, registry.get("monitoring.events.listener.errors").counter().count());
    }

    @Test
    void aBurstOfIdenticalEventsIsDeliveredOnceWithItsCount() {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        monitoring.subscribe(EventFilter.ALL, recorder);
        for (int i = 0; i < 50; i++) {
            monitoring.publish(correlated("metric.threshold", "api", "burst"));
        }
        monitoring.publish(correlated("metric.threshold", "api", "another-episode"));

        Await.until(WAIT, "the summary of the held-back events",
                () -> recorder.events.stream().anyMatch(e -> e.metadata().count() > 1));
        List<MonitoringEvent> burst = recorder.events.stream()
                .filter(e -> e.metadata().correlationId().orElseThrow().equals("burst")).toList();
        assertEquals(2, burst.size(), "the first at once, then one standing for the rest");
        assertEquals(1, burst.get(0).metadata().count());
        assertEquals(49, burst.get(1).metadata().count());
        assertEquals(1, recorder.count(e -> e.metadata().correlationId().orElseThrow().equals("another-episode")),
                "a different episode is not folded in");
        assertEquals(49.0, registry.get("monitoring.events.aggregated").counter().count());
    }

    @Test
    void historyIsBoundedNewestFirstAndFiltered() {
        for (int i = 0; i < 80; i++) {
            monitoring.publish(correlated(i % 2 == 0 ? "service.down" : "incident.created", "s" + i, "h" + i));
        }
        List<MonitoringEvent> all = monitoring.events(EventFilter.ALL, 1000);
        assertEquals(50, all.size(), "history keeps its configured 50");
        assertEquals("s79", all.get(0).source(), "newest first");
        List<MonitoringEvent> downs = monitoring.events(EventFilter.of("service.*"), 5);
        assertEquals(5, downs.size());
        assertTrue(downs.stream().allMatch(e -> e.type().equals("service.down")));
    }

    @Test
    void eventsCarryTheSeedSchema() {
        MonitoringEvent event = MonitoringEvent.of("service.down", "auth", Instant.now(), Severity.CRITICAL, Map.of());
        assertFalse(event.id().isBlank());
        assertEquals(1, event.metadata().count());
        assertEquals("critical", event.severity().wireName());
        assertEquals(Severity.WARNING, Severity.parse("WARNING"));
        assertThrows(IllegalArgumentException.class, () -> Severity.parse("fatal"));
    }
}
