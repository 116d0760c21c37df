package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The PostgreSQL incident store against the machine's real PostgreSQL; {@link PostgresOutageTest} stops it. */
@ResourceLock(value = PostgresPeer.SERVER, mode = ResourceAccessMode.READ)
class PostgresIncidentStoreTest {

    @TempDir
    Path dir;

    static Incident incident(String service, int entries, IncidentStatus status) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<TimelineEntry> timeline = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            timeline.add(new TimelineEntry(at.plusMillis(i), "engine", "step" + i, "step " + i, Map.of("n", i)));
        }
        return new Incident(UUID.randomUUID().toString(), service, service + " is down", IncidentSeverity.HIGH, status,
                "down", at, at, status == IncidentStatus.RESOLVED ? Optional.of(at) : Optional.empty(),
                Optional.of("corr"), Optional.empty(), false, false, timeline);
    }

    static Incident withEntry(Incident i, IncidentStatus status, String kind) {
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
}
