package io.devmentor.monitoring.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.spi.EventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    /** A store that can be stopped, made to fail, and watched. */
    private static final class TestStore implements EventStore {
        final List<MonitoringEvent> stored = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();
        volatile boolean failing;
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void append(List<MonitoringEvent> events) throws Exception {
            gate.await();
            if (failing) {
                throw new java.sql.SQLException("connection refused");
            }
            synchronized (this) {
                stored.addAll(events);
                batches.add(events.size());
            }
        }

        @Override
        public synchronized EventPage query(EventQuery query) {
            return new EventPage(List.copyOf(stored), OptionalLong.empty());
        }

        @Override
        public long deleteBefore(Instant cutoff) {
            return 0;
        }
    }

    private static MonitoringEvent event(int n) {
        return MonitoringEvent.of("service.down", "svc-" + n, Instant.now(), Severity.ERROR, Map.of("n", n));
    }

    @Test
    void aReadSeesTheEventsRecordedBeforeIt() throws Exception {
        TestStore store = new TestStore();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder recorder = new EventRecorder(store, registry, "test-events");
        try {
            for (int i = 0; i < 2_000; i++) {
                recorder.record(event(i));
            }
            assertEquals(2_000, recorder.query(EventQuery.latest(10), Duration.ofSeconds(10)).events().size());
            assertEquals(2_000.0, registry.get("monitoring.events.stored").counter().count());
            assertTrue(store.batches.size() < 2_000, "written in batches: " + store.batches.size() + " writes");
        } finally {
            recorder.close();
        }
    }

    @Test
    void eventsThatComeTogetherAreWrittenInOneTransaction() throws Exception {
        TestStore store = new TestStore();
        EventRecorder recorder = new EventRecorder(store, new SimpleMeterRegistry(), "test-events");
        try {
            for (int i = 0; i < 100; i++) {
                recorder.record(event(i));
            }
            assertEquals(100, recorder.query(EventQuery.latest(10), Duration.ofSeconds(10)).events().size());
            assertEquals(List.of(100), store.batches, "one write for the hundred");
        } finally {
            recorder.close();
        }
    }

    @Test
    void aStuckStoreNeverBlocksTheRecordingThreadAndDropsTheOldestPastTheBound() throws Exception {
        TestStore store = new TestStore();
        store.gate = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder recorder = new EventRecorder(store, registry, "test-events");
        try {
            int total = EventRecorder.CAPACITY + 1_000;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                recorder.record(event(i));
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs < 5_000, "recording is never held up by the store: " + tookMs + " ms");
            // The writer holds one batch waiting at the gate; the rest wait in the bounded queue.
            double dropped = registry.get("monitoring.events.store.dropped").counter().count();
            assertTrue(dropped >= 500 && dropped <= 1_000, "dropped: " + dropped);
            store.gate.countDown();
            List<MonitoringEvent> stored = recorder.query(EventQuery.latest(1), Duration.ofSeconds(30)).events();
            assertEquals(total - (long) dropped, stored.size());
            // What went were the oldest waiting ones: the newest is there.
            assertEquals("svc-" + (total - 1), stored.get(stored.size() - 1).source());
        } finally {
            recorder.close();
        }
    }

    @Test
    void whileTheStoreFailsTheEventsAreKeptAndWrittenWhenItRecovers() throws Exception {
        TestStore store = new TestStore();
        store.failing = true;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder recorder = new EventRecorder(store, registry, "test-events");
        try {
            for (int i = 0; i < 10; i++) {
                recorder.record(event(i));
            }
            io.devmentor.monitoring.tck.Await.until(Duration.ofSeconds(10), "the first failed write",
                    () -> registry.get("monitoring.events.store.errors").counter().count() >= 1);
            assertEquals(10.0, registry.get("monitoring.events.store.pending").gauge().value());
            store.failing = false;
            // Retried 1 s after the first failure.
            List<MonitoringEvent> stored = recorder.query(EventQuery.latest(10), Duration.ofSeconds(10)).events();
            assertEquals(10, stored.size());
            assertEquals("svc-0", stored.get(0).source(), "in the order recorded");
            assertEquals(0.0, registry.get("monitoring.events.store.dropped").counter().count());
        } finally {
            recorder.close();
        }
    }

    @Test
    void closeWritesWhatIsWaiting() throws Exception {
        TestStore store = new TestStore();
        store.gate = new CountDownLatch(1);
        EventRecorder recorder = new EventRecorder(store, new SimpleMeterRegistry(), "test-events");
        for (int i = 0; i < 1_200; i++) {
            recorder.record(event(i));
        }
        store.gate.countDown();
        recorder.close(Duration.ofSeconds(10));
        assertEquals(1_200, store.stored.size());
    }
}
