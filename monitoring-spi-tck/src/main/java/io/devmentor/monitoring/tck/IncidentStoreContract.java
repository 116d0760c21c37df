package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.IncidentStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from an {@link IncidentStore}: an incident comes back as it was saved, timeline and
 * all; a save of the same id replaces it; queries are newest first, filtered, paged and counted; concurrent saves
 * all land. Times are compared to the microsecond, the precision every store is asked to keep.
 *
 * <p>Extend it and say how to make an empty store; each test gets a new one, closed after it.
 */
public abstract class IncidentStoreContract {

    private IncidentStore store;

    /** For a plugin's test to extend. */
    protected IncidentStoreContract() {
    }

    /**
     * Makes an empty store for one test.
     *
     * @return the store
     * @throws Exception when it cannot be made
     */
    protected abstract IncidentStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    /** The store under test. */
    protected final IncidentStore store() {
        return store;
    }

    /**
     * An incident of the service with {@code entries} timeline entries, created {@code minutesAgo} minutes ago.
     *
     * @param service the service
     * @param status its status
     * @param severity its severity
     * @param minutesAgo how long ago it was created
     * @param entries how many timeline entries it has
     * @return the incident
     */
    protected static Incident incident(String service, IncidentStatus status, IncidentSeverity severity,
            int minutesAgo, int entries) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(minutesAgo, ChronoUnit.MINUTES);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("attempt", i);
            data.put("latencyMs", 1503.25);
            data.put("reason", "connection refused — \"quoted\", ünïcode ✓");
            data.put("channels", List.of("slack", "email"));
            data.put("nested", Map.of("ok", false));
            timeline.add(new TimelineEntry(created.plusMillis(i), i == 0 ? "engine" : "alice", "step" + i,
                    "step " + i + " of " + service, data));
        }
        return new Incident(UUID.randomUUID().toString(), service, service + " is down", severity, status, "down",
                created, created.plusMillis(entries), status == IncidentStatus.RESOLVED
                        ? Optional.of(created.plusMillis(entries)) : Optional.empty(),
                Optional.of(UUID.randomUUID().toString()), Optional.empty(), false, false, timeline);
    }

    private static Incident changed(Incident i, IncidentStatus status, String kind) {
        Instant at = i.updatedAt().plusMillis(1);
        return i.withEntry(new TimelineEntry(at, "bob", kind, kind + " by bob", Map.of())).withUpdatedAt(at)
                .withSeverity(IncidentSeverity.CRITICAL)
                .withStatus(status, status == IncidentStatus.RESOLVED ? Optional.of(at) : i.resolvedAt())
                .withCausedBy(Optional.of(UUID.randomUUID().toString())).withFlapping(true);
    }

    private static IncidentQuery all(int limit, int offset) {
        return IncidentQuery.first(limit).withOffset(offset);
    }

    @Test
    void aSavedIncidentComesBackAsItWas() throws Exception {
        Incident incident = incident("auth", IncidentStatus.OPEN, IncidentSeverity.HIGH, 5, 4);
        store.save(incident);
        assertEquals(Optional.of(incident), store.find(incident.id()));
    }

    @Test
    void aSaveOfTheSameIdReplacesIt() throws Exception {
        Incident incident = incident("auth", IncidentStatus.OPEN, IncidentSeverity.HIGH, 5, 1);
        store.save(incident);
        Incident resolved = changed(changed(incident, IncidentStatus.ACKNOWLEDGED, "acknowledged"),
                IncidentStatus.RESOLVED, "resolved");
        store.save(resolved);
        assertEquals(Optional.of(resolved), store.find(incident.id()));
        assertEquals(1, store.query(all(10, 0)).total(), "one incident, saved twice");
    }

    @Test
    void anUnknownIdIsEmpty() throws Exception {
        assertEquals(Optional.empty(), store.find(UUID.randomUUID().toString()));
        store.save(incident("auth", IncidentStatus.OPEN, IncidentSeverity.LOW, 1, 1));
        assertEquals(Optional.empty(), store.find("no-such-incident"));
    }

    @Test
    void queriesAreNewestFirstPagedAndCounted() throws Exception {
        List<Incident> saved = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Incident incident = incident("svc-" + (i % 3), IncidentStatus.OPEN, IncidentSeverity.MEDIUM, 100 - i, 1);
            store.save(incident);
            saved.add(0, incident); // newest first
        }
        IncidentPage first = store.query(all(10, 0));
        assertEquals(25, first.total());
        assertEquals(saved.subList(0, 10), first.items());
        assertEquals(saved.subList(10, 20), store.query(all(10, 10)).items());
        IncidentPage last = store.query(all(10, 20));
        assertEquals(saved.subList(20, 25), last.items());
        assertEquals(25, last.total(), "the total counts every match, not the page");
        assertEquals(List.of(), store.query(all(10, 30)).items(), "past the end");
    }

    @Test
    void queriesFilterByStatusSeverityAndService() throws Exception {
        Incident open = incident("auth", IncidentStatus.OPEN, IncidentSeverity.HIGH, 30, 1);
        Incident acknowledged = incident("auth", IncidentStatus.ACKNOWLEDGED, IncidentSeverity.LOW, 20, 1);
        Incident resolved = incident("web", IncidentStatus.RESOLVED, IncidentSeverity.HIGH, 10, 2);
        for (Incident incident : List.of(open, acknowledged, resolved)) {
            store.save(incident);
        }
        assertEquals(List.of(acknowledged),
                store.query(IncidentQuery.first(10).withStatus(IncidentStatus.ACKNOWLEDGED)).items());
        IncidentPage high = store.query(IncidentQuery.first(10).withSeverity(IncidentSeverity.HIGH));
        assertEquals(List.of(resolved, open), high.items());
        assertEquals(2, high.total());
        assertEquals(List.of(acknowledged, open), store.query(IncidentQuery.first(10).withService("auth")).items());
        assertEquals(List.of(open), store.query(IncidentQuery.first(10).withStatus(IncidentStatus.OPEN)
                .withSeverity(IncidentSeverity.HIGH).withService("auth")).items());
        IncidentPage none = store.query(IncidentQuery.first(10).withService("nope"));
        assertEquals(0, none.total());
        assertTrue(none.items().isEmpty());
    }

    @Test
    void concurrentSavesAllLand() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Incident>> saves = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                saves.add(threads.submit(() -> {
                    Incident incident = incident("svc-" + (n % 7), IncidentStatus.OPEN, IncidentSeverity.LOW, n, 2);
                    store.save(incident);
                    store.save(changed(incident, IncidentStatus.ACKNOWLEDGED, "acknowledged"));
                    return incident;
                }));
            }
            for (Future<Incident> save : saves) {
                Incident incident = save.get();
                Incident found = store.find(incident.id()).orElseThrow(
                        () -> new AssertionError("incident " + incident.id() + " was saved but is not found"));
                assertEquals(IncidentStatus.ACKNOWLEDGED, found.status(), "the second save of " + incident.id());
            }
            assertEquals(200, store.query(all(1, 0)).total());
        } finally {
            threads.shutdownNow();
        }
    }
}
