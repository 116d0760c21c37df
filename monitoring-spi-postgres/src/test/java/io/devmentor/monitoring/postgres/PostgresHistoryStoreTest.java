package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The PostgreSQL metric history store against the machine's real PostgreSQL; its outage is in PostgresOutageTest. */
@ResourceLock(value = PostgresPeer.SERVER, mode = ResourceAccessMode.READ)
class PostgresHistoryStoreTest {

    @TempDir
    Path dir;

    private static MetricHistoryStore open(StubPluginContext context) throws java.io.IOException {
        return new PostgresMetricHistoryStoreProvider().create(context);
    }

    private static List<MetricSample> cpu(double value) {
        return List.of(MetricSample.gauge("container.cpu.usage.percent", value, Map.of("container", "web-1")));
    }

    @Test
    void foldsMinutesIntoStepsAndMergesWhatSeveralInstancesWrite() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        String series = "container.cpu.usage.percent{container=web-1}";
        try (PostgresPeer peer = new PostgresPeer();
                StubPluginContext contextA = StubPluginContext.in(dir.resolve("a"))
                        .with("DATABASE_URL", peer.databaseUrl());
                StubPluginContext contextB = StubPluginContext.in(dir.resolve("b"))
                        .with("DATABASE_URL", peer.databaseUrl());
                MetricHistoryStore a = open(contextA);
                MetricHistoryStore b = open(contextB)) {
            a.append(cpu(10), hour.plusSeconds(5));
            a.append(cpu(20), hour.plusSeconds(35));
            b.append(cpu(30), hour.plusSeconds(50)); // another instance, the same minute
            a.append(cpu(40), hour.plusSeconds(65));
            b.append(cpu(50), hour.plus(Duration.ofMinutes(5)).plusSeconds(1));

            List<HistoryPoint> minutes = a.query(series, hour, hour.plus(Duration.ofHours(1)), Duration.ofMinutes(1));
            assertEquals(List.of(new HistoryPoint(hour, 10, 20, 30, 3),
                    new HistoryPoint(hour.plusSeconds(60), 40, 40, 40, 1),
                    new HistoryPoint(hour.plus(Duration.ofMinutes(5)), 50, 50, 50, 1)), minutes);

            List<HistoryPoint> fives = b.query(series, hour, hour.plus(Duration.ofHours(1)), Duration.ofMinutes(5));
            assertEquals(List.of(new HistoryPoint(hour, 10, 25, 40, 4),
                    new HistoryPoint(hour.plus(Duration.ofMinutes(5)), 50, 50, 50, 1)), fives);
            assertEquals(List.of(), a.query(series, hour.minus(Duration.ofHours(1)), hour, Duration.ofMinutes(1)));
            assertEquals(List.of(), a.query("no.such.series", hour, hour.plus(Duration.ofHours(1)),
                    Duration.ofMinutes(1)));
        }
    }

    @Test
    void keepsOneTablePerDayAndDropsWholeDaysPastTheRetention() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(40));
        try (PostgresPeer peer = new PostgresPeer();
                StubPluginContext context = StubPluginContext.in(dir).with("DATABASE_URL", peer.databaseUrl())
                        .with("MONITORING_HISTORY_RETENTION_DAYS", "30");
                PostgresMetricHistoryStore store = (PostgresMetricHistoryStore) open(context)) {
            store.append(cpu(1), old);
            store.append(cpu(2), now);
            assertEquals(2, partitions(peer).size(), partitions(peer).toString());

            store.expire();
            List<String> left = partitions(peer);
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.get(0).endsWith(now.toString().substring(0, 10).replace("-", "")), left.toString());
            String series = "container.cpu.usage.percent{container=web-1}";
            assertEquals(List.of(), store.query(series, old.minusSeconds(120), old.plusSeconds(120),
                    Duration.ofMinutes(1)), "the old day is gone");
            assertEquals(1, store.query(series, now.minusSeconds(120), now.plusSeconds(120), Duration.ofMinutes(1))
                    .size(), "today is kept");
        }
    }

    private static List<String> partitions(PostgresPeer peer) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = peer.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT child.relname FROM pg_inherits"
                        + " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
                        + " JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
                        + " WHERE parent.relname = 'devmentor_metric_minutes' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
