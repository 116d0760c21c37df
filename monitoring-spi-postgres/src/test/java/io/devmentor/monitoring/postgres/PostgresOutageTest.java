package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.tck.Await;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The stores through an outage of the machine's real PostgreSQL: the cluster is stopped and started again, so no
 * other test of this module runs meanwhile.
 */
@ResourceLock(value = PostgresPeer.SERVER, mode = ResourceAccessMode.READ_WRITE)
class PostgresOutageTest {

    @TempDir
    Path dir;

    @Test
    void writesDuringAnOutageWaitAndArriveInOrderWhenPostgresReturns() throws Exception {
        // 3 s of outage: past the pool's 2 s connection timeout and some of the outbox's retries (one a second), with 60 writes
        // waiting. -Ddevmentor.pgOutageSeconds=60 gives a minute of it.
        long outageSeconds = Long.getLong("devmentor.pgOutageSeconds", 3);
        try (PostgresPeer peer = new PostgresPeer();
                StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
                IncidentStore store = new PostgresIncidentStoreProvider().create(context);
                PostgresMetricHistoryStore history = (PostgresMetricHistoryStore)
                        new PostgresMetricHistoryStoreProvider().create(context)) {
            Incident before = PostgresIncidentStoreTest.incident("auth", 1, IncidentStatus.OPEN);
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
                    Incident fresh = PostgresIncidentStoreTest.incident("svc-" + n, 2, IncidentStatus.OPEN);
                    store.save(fresh); // accepted: in the outbox, on disk
                    during.add(fresh);
                    evolving = PostgresIncidentStoreTest.withEntry(evolving, n % 2 == 0 ? IncidentStatus.ACKNOWLEDGED : IncidentStatus.OPEN,
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
            Await.until(Duration.ofSeconds(60), "the outbox flushed", () -> store.pendingWrites() == 0);
            Await.until(Duration.ofSeconds(60), "the history backlog written back", () -> history.backlog() == 0);
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
    void historyThatWaitsOnDiskSurvivesACrashDuringTheOutage() throws Exception {
        try (PostgresPeer peer = new PostgresPeer()) {
            Instant at = Instant.now();
            StubPluginContext crashed = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
            PostgresMetricHistoryStore first = (PostgresMetricHistoryStore) new PostgresMetricHistoryStoreProvider()
                    .create(crashed);
            first.append(List.of(MetricSample.gauge("crash.test", 1, Map.of())), at);
            PostgresPeer.cluster("stop");
            try {
                for (int i = 2; i <= 20; i++) {
                    first.append(List.of(MetricSample.gauge("crash.test", i, Map.of())), at);
                }
                Await.until(Duration.ofSeconds(20), "the rows on disk", () -> first.waitingOnDisk() == 19);
                // The crash: its scheduler gone, it never writes again; what it had is on disk only.
                crashed.close();
            } finally {
                PostgresPeer.cluster("start");
            }
            try (StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl());
                    PostgresMetricHistoryStore second = (PostgresMetricHistoryStore)
                            new PostgresMetricHistoryStoreProvider().create(context)) {
                assertEquals(19, second.backlog(), "read back from disk at the start");
                Await.until(Duration.ofSeconds(60), "the rows written back", () -> second.backlog() == 0);
                List<HistoryPoint> points = second.query("crash.test", at.minusSeconds(120), at.plusSeconds(120),
                        Duration.ofDays(1));
                assertEquals(20, points.stream().mapToLong(HistoryPoint::count).sum(), "every row, once");
                assertEquals(20, points.stream().mapToDouble(HistoryPoint::max).max().orElseThrow());
            }
        }
    }
}
