package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL incident store against the machine's real PostgreSQL, outages included. */
class PostgresIncidentStoreTest {

    @TempDir
    Path dir;

    private static Incident incident(String service, int entries, IncidentStatus status) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            timeline.add(new TimelineEntry(at.plusMillis(i), "engine", "step" + i, "step " + i, Map.of("n", i)));
        }
        return new Incident(UUID.randomUUID().toString(), service, service + " is down", IncidentSeverity.HIGH, status,
                "down", at, at, status == IncidentStatus.RESOLVED ? Optional.of(at) : Optional.empty(),
                Optional.of("corr"), Optional.empty(), false, false, timeline);
    }

    private static Incident withEntry(Incident i, IncidentStatus status, String kind) {
        List<TimelineEntry> timeline = new ArrayList<>(i.timeline());
        timeline.add(new TimelineEntry(Instant.now().truncatedTo(ChronoUnit.MICROS), "alice", kind, kind, Map.of()));
        return new Incident(i.id(), i.service(), i.description(), i.severity(), status, i.cause(), i.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), i.resolvedAt(), i.correlationId(), i.causedBy(),
                i.flapping(), i.maintenance(), timeline);
    }

    private IncidentStore open(StubPluginContext context) throws Exception {
        return new PostgresIncidentStoreProvider().create(context);
    }

    @Test
    void withoutDatabaseUrlTheProviderSaysWhatToSet() {
        try (StubPluginContext context = StubPluginContext.in(dir)) {
            Availability availability = new PostgresIncidentStoreProvider().availability(context);
            assertFalse(availability.available());
            assertTrue(availability.reason().contains("set DATABASE_URL"));
        }
        try (StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", "mysql://x/y")) {
            assertTrue(new PostgresIncidentStoreProvider().availability(context).reason()
                    .contains("must start with postgresql://"));
        }
    }

    @Test
    void savesFindsAndQueriesIncidentsWithTheirTimelines() throws Exception {
        try (PostgresPeer peer = new PostgresPeer();
                StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
                IncidentStore store = open(context)) {
            Incident first = incident("auth", 2, IncidentStatus.OPEN);
            store.save(first);
            store.save(withEntry(first, IncidentStatus.ACKNOWLEDGED, "acknowledged"));
            for (int i = 0; i < 5; i++) {
                store.save(incident(i % 2 == 0 ? "memory" : "web", 1, IncidentStatus.RESOLVED));
            }
            Incident found = store.find(first.id()).orElseThrow();
            assertEquals(IncidentStatus.ACKNOWLEDGED, found.status());
            assertEquals(List.of("step0", "step1", "acknowledged"), found.timeline().stream().map(TimelineEntry::kind)
                    .toList());
            assertEquals(1, found.timeline().get(1).data().get("n"));
            IncidentPage page = store.query(new IncidentQuery(Optional.of(IncidentStatus.RESOLVED), Optional.empty(),
                    Optional.of("memory"), 10, 0));
            assertEquals(3, page.total());
            assertTrue(store.find("missing").isEmpty());
            try (Connection c = peer.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT max(version) FROM devmentor_schema_version")) {
                rs.next();
                assertEquals(PostgresIncidentStore.MIGRATIONS.size(), rs.getInt(1), "the schema version is recorded");
            }
        }
    }

    @Test
    void writesDuringAnOutageWaitAndArriveInOrderWhenPostgresReturns() throws Exception {
        // 5 s of outage: past the pool's 2 s connection timeout and several of the outbox's retries (one a second), with 60 writes
        // waiting. -Ddevmentor.pgOutageSeconds=60 gives a minute of it.
        long outageSeconds = Long.getLong("devmentor.pgOutageSeconds", 5);
        try (PostgresPeer peer = new PostgresPeer();
                StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
                IncidentStore store = open(context);
                PostgresMetricHistoryStore history = (PostgresMetricHistoryStore)
                        new PostgresMetricHistoryStoreProvider().create(context)) {
            Incident before = incident("auth", 1, IncidentStatus.OPEN);
            store.save(before);
            Instant started = Instant.now();
            history.append(List.of(MetricSample.gauge("outage.test", 0, Map.of())), started);
            int samples = 1;
            List<Incident> during = new ArrayList<>();
            PostgresPeer.cluster("stop");
            try {
                long end = System.nanoTime() + Duration.ofSeconds(outageSeconds).toNanos();
                Incident evolving = before;
                int n = 0;
                while (System.nanoTime() < end) {
                    Incident fresh = incident("svc-" + n, 2, IncidentStatus.OPEN);
                    store.save(fresh); // accepted: in the outbox, on disk
                    during.add(fresh);
                    evolving = withEntry(evolving, n % 2 == 0 ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.OPEN,
                            "change" + n);
                    store.save(evolving);
                    history.append(List.of(MetricSample.gauge("outage.test", n + 1, Map.of())), Instant.now());
                    samples++;
                    n++;
                    Thread.sleep(Math.max(50, outageSeconds * 1000 / 60));
                }
                assertTrue(store.pendingWrites() >= 2L * during.size(), "pending " + store.pendingWrites());
                assertTrue(history.backlog() >= during.size(), "history rows waiting: " + history.backlog());
                assertTrue(context.published().stream().anyMatch(e -> e.type().equals("store.unavailable")));
                during.add(evolving);
            } finally {
                PostgresPeer.cluster("start");
            }
            await("the outbox flushed", () -> store.pendingWrites() == 0);
            await("the history backlog written back", () -> history.backlog() == 0);
            List<HistoryPoint> points = history.query("outage.test", started.minusSeconds(60),
                    Instant.now().plusSeconds(60), Duration.ofDays(1));
            assertEquals(samples, points.stream().mapToLong(HistoryPoint::count).sum(), "every history sample kept");
            assertEquals(samples - 1, points.stream().mapToDouble(HistoryPoint::max).max().orElseThrow());
            assertTrue(context.published().stream().anyMatch(e -> e.type().equals("store.recovered")));
            for (Incident written : during) {
                Incident stored = store.find(written.id()).orElseThrow(() -> new AssertionError("lost " + written.id()));
                assertEquals(written.status(), stored.status(), "the last write wins, in order");
                assertEquals(written.timeline().size(), stored.timeline().size());
            }
        }
    }

    @Test
    void theOutboxSurvivesARestartAndIsFlushedOnOpen() throws Exception {
        try (PostgresPeer peer = new PostgresPeer()) {
            Incident waiting = incident("auth", 3, IncidentStatus.OPEN);
            try (StubPluginContext context = StubPluginContext.in(dir)
                    .with("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/" + peer.database);
                    IncidentStore unreachable = open(context)) {
                unreachable.save(waiting);
                assertEquals(1, unreachable.pendingWrites());
            }
            try (StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
                    IncidentStore store = open(context)) {
                assertEquals(0, store.pendingWrites(), "flushed when the store opened");
                assertEquals(3, store.find(waiting.id()).orElseThrow().timeline().size());
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
