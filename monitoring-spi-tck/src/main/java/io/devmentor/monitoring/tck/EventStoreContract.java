package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.spi.EventStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from an {@link EventStore}: an event comes back as it was appended; pages are the
 * most recently stored first and go on from where the last ended; filters on type patterns, sources, time,
 * correlation and attribution; an event appended twice, or by two writers at once, is kept once; retention deletes
 * by time.
 *
 * <p>Extend it and say how to make an empty store; each test gets a new one, closed after it.
 */
public abstract class EventStoreContract {

    private EventStore store;

    /** For a plugin's test to extend. */
    protected EventStoreContract() {
    }

    /**
     * Makes an empty store for one test.
     *
     * @return the store
     * @throws Exception when it cannot be made
     */
    protected abstract EventStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** The store under test. */
    protected final EventStore store() {
        return store;
    }

    /**
     * An event with a payload of every kind of value, {@code secondsAgo} seconds old.
     *
     * @param type its type
     * @param source its source
     * @param secondsAgo its age
     * @return the event
     */
    protected static MonitoringEvent event(String type, String source, int secondsAgo) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", source);
        data.put("responseTime", 1503.25);
        data.put("attempts", 3);
        data.put("error", "connection refused — \"quoted\", ünïcode ✓");
        data.put("channels", List.of("slack", "email"));
        data.put("nested", Map.of("ok", false));
        return new MonitoringEvent(UUID.randomUUID().toString(), type, source,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(secondsAgo), Severity.ERROR, data,
                new EventMetadata(Optional.of("corr-" + source), Optional.empty(), Optional.empty(), List.of("t"), 1));
    }

    private static MonitoringEvent byUser(MonitoringEvent event, String user) {
        return event.withMetadata(new EventMetadata(event.metadata().correlationId(), Optional.of(user),
                Optional.of("session-1"), List.of(), 1));
    }

    @Test
    void anAppendedEventComesBackAsItWas() throws Exception {
        MonitoringEvent event = byUser(event("service.down", "auth", 5), "alice");
        store.append(List.of(event));
        assertEquals(List.of(event), store.query(EventQuery.latest(10)).events());
    }

    @Test
    void pagesAreTheMostRecentlyStoredFirstAndGoOnWhereTheLastEnded() throws Exception {
        List<MonitoringEvent> appended = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            MonitoringEvent event = event("service.down", "svc-" + i, 100 - i);
            appended.add(event);
            store.append(List.of(event));
        }
        List<MonitoringEvent> read = new ArrayList<>();
        EventQuery query = EventQuery.latest(10);
        int pages = 0;
        while (true) {
            EventPage page = store.query(query);
            read.addAll(page.events());
            pages++;
            if (page.next().isEmpty()) {
                break;
            }
            query = query.before(page.next().getAsLong());
        }
        List<MonitoringEvent> newestFirst = new ArrayList<>(appended);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, read);
        assertEquals(3, pages);
    }

    @Test
    void aFullLastPageSaysThereIsNoMore() throws Exception {
        store.append(List.of(event("a", "s", 2), event("b", "s", 1)));
        EventPage page = store.query(EventQuery.latest(2));
        assertEquals(2, page.events().size());
        assertTrue(page.next().isEmpty(), "nothing after the last event: " + page.next());
    }

    @Test
    void filtersOnPatternsSourcesTimeCorrelationAndAttribution() throws Exception {
        MonitoringEvent down = event("service.down", "auth", 300);
        MonitoringEvent up = event("service.up", "auth", 200);
        MonitoringEvent created = event("incident.created", "payments", 100);
        MonitoringEvent acknowledged = byUser(event("incident_updated", "payments", 50), "alice");
        store.append(List.of(down, up, created, acknowledged));

        assertEquals(List.of(up, down), store.query(EventQuery.latest(10).withPatterns(List.of("service.*"))).events());
        assertEquals(List.of(created, down), store.query(EventQuery.latest(10)
                .withPatterns(List.of("*.down", "incident.created"))).events());
        // '_' and '.' are themselves in a pattern, not wildcards.
        assertEquals(List.of(acknowledged), store.query(EventQuery.latest(10).withPatterns(List.of("incident_*")))
                .events());
        assertEquals(List.of(), store.query(EventQuery.latest(10).withPatterns(List.of("service_up"))).events());
        assertEquals(List.of(acknowledged, created), store.query(EventQuery.latest(10)
                .withSources(Set.of("payments"))).events());
        assertEquals(List.of(created, up), store.query(EventQuery.latest(10).between(
                Optional.of(up.timestamp()), Optional.of(acknowledged.timestamp()))).events());
        assertEquals(List.of(up, down), store.query(EventQuery.latest(10).withCorrelationId("corr-auth")).events());
        assertEquals(List.of(acknowledged), store.query(EventQuery.latest(10).attributed()).events());
    }

    @Test
    void anEventAppendedTwiceIsKeptOnce() throws Exception {
        MonitoringEvent event = event("service.down", "auth", 5);
        store.append(List.of(event));
        store.append(List.of(event, event("service.up", "auth", 1)));
        store.append(List.of(event));
        assertEquals(2, store.query(EventQuery.latest(10)).events().size());
    }

    @Test
    void twoWritersOfTheSameEventsKeepEachOnce() throws Exception {
        List<MonitoringEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("service.down", "svc-" + i % 7, 200 - i));
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                done.add(writers.submit(() -> {
                    for (int i = 0; i < events.size(); i += 10) {
                        store.append(events.subList(i, i + 10));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        List<MonitoringEvent> stored = new ArrayList<>();
        EventQuery query = EventQuery.latest(1000);
        stored.addAll(store.query(query).events());
        assertEquals(events.size(), stored.size(), "each of 200 events once");
        assertEquals(Set.copyOf(events), Set.copyOf(stored));
    }

    @Test
    void retentionDeletesWhatIsOlderThanTheCutoff() throws Exception {
        MonitoringEvent old = event("service.down", "auth", 3600);
        MonitoringEvent recent = event("service.up", "auth", 60);
        store.append(List.of(old, recent));
        assertEquals(1, store.deleteBefore(Instant.now().minusSeconds(600)));
        assertEquals(List.of(recent), store.query(EventQuery.latest(10)).events());
    }
}
