package io.devmentor.monitoring.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines sharing events through the machine's real Redis (127.0.0.1:6379); fails, never skips, when it
 * cannot be reached: {@code .ci/run} starts it.
 */
class RedisEventTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final String stream = "devmentor:test:" + UUID.randomUUID();

    private Monitoring engine(String name) {
        return Monitoring.builder().configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                "MONITORING_DATA_DIR", dir.resolve(name).toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                "REDIS_URL", "redis://127.0.0.1:6379", "REDIS_EVENTS_STREAM", stream), dir)).build();
    }

    private static MonitoringEvent event(String source, int n) {
        return MonitoringEvent.of("test.event", source, Instant.now(), Severity.INFO, Map.of("n", n));
    }

    private static List<MonitoringEvent> recording(Monitoring monitoring) {
        List<MonitoringEvent> seen = new CopyOnWriteArrayList<>();
        monitoring.subscribe(EventFilter.of("test.*"), seen::add, 10_000);
        return seen;
    }

    @Test
    void everyInstanceSeesEveryEventOnce() throws Exception {
        RedisPeer.require();
        try (Monitoring a = engine("a"); Monitoring b = engine("b")) {
            assertTrue(a.plugins().stream().anyMatch(p -> p.name().equals("redis")
                    && p.state() == PluginStatus.State.ACTIVE), a.plugins().toString());
            List<MonitoringEvent> seenByA = recording(a);
            List<MonitoringEvent> seenByB = recording(b);
            for (int i = 0; i < 50; i++) {
                a.publish(event("a", i));
                b.publish(event("b", i));
            }
            Await.until(WAIT, "100 events at both", () -> seenByA.size() >= 100 && seenByB.size() >= 100);
            Thread.sleep(500);
            assertEquals(100, seenByA.size(), "no duplicates at A");
            assertEquals(100, seenByB.size(), "no duplicates at B");
            assertEquals(100, seenByB.stream().map(MonitoringEvent::id).distinct().count());
            List<Object> fromAAtB = seenByB.stream().filter(e -> e.source().equals("a")).map(e -> e.data().get("n"))
                    .collect(Collectors.toList());
            assertEquals(java.util.stream.IntStream.range(0, 50).boxed().collect(Collectors.toList()), fromAAtB,
                    "in the order they were published");
        }
    }

    @Test
    void whileRedisIsDownEachInstanceCarriesOnAloneAndRejoinsWithoutDuplicates() throws Exception {
        RedisPeer.require();
        try (Monitoring a = engine("a"); Monitoring b = engine("b")) {
            List<MonitoringEvent> seenByA = recording(a);
            List<MonitoringEvent> seenByB = recording(b);
            a.publish(event("a", 1));
            Await.until(WAIT, "the first event at both", () -> seenByA.size() == 1 && seenByB.size() == 1);
            RedisPeer.shutdown();
            try {
                Await.until(WAIT, "Redis gone", () -> !RedisPeer.answers());
                a.publish(event("a", 2));
                Await.until(WAIT, "A sees its own event alone", () -> seenByA.size() == 2);
            } finally {
                RedisPeer.start();
            }
            Await.until(WAIT, "Redis back", RedisPeer::answers);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int n = 3;
            // Keep publishing until both have rejoined and see each other again.
            while (seenByB.stream().noneMatch(e -> e.source().equals("a") && (int) e.data().get("n") >= 3)
                    && System.nanoTime() < deadline) {
                a.publish(event("a", n++));
                Thread.sleep(300);
            }
            b.publish(event("b", 100));
            Await.until(WAIT, "B's event at A", () -> seenByA.stream().anyMatch(e -> e.source().equals("b")));
            Thread.sleep(1000);
            assertEquals(seenByA.size(), seenByA.stream().map(MonitoringEvent::id).distinct().count(), "no duplicates at A");
            assertEquals(seenByB.size(), seenByB.stream().map(MonitoringEvent::id).distinct().count(), "no duplicates at B");
            assertTrue(seenByB.stream().noneMatch(e -> e.data().get("n").equals(2)), "A's lone event stays at A");
        }
    }
}
