package io.devmentor.monitoring.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.PluginContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metric history in PostgreSQL: one row per series and minute (min, sum, max, count), to which every sample
 * is added in place (an upsert), so several instances writing the same series merge, and nothing waits in
 * memory for its minute to close. The table is partitioned by day; a partition is made when a row first
 * needs it, and retention drops whole partitions, which costs nothing like a {@code DELETE}. Longer steps
 * are folded in SQL.
 *
 * <p>While the database cannot be reached, rows wait in a bounded queue in memory (the oldest are dropped
 * past {@value #BACKLOG_CAPACITY}, and counted), written back in order when it answers.
 */
final class PostgresMetricHistoryStore implements MetricHistoryStore {

    static final String TABLE = "devmentor_metric_minutes";
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (series text NOT NULL, start_at timestamptz NOT NULL,"
                    + " min_value double precision NOT NULL, sum_value double precision NOT NULL,"
                    + " max_value double precision NOT NULL, sample_count bigint NOT NULL,"
                    + " PRIMARY KEY (series, start_at)) PARTITION BY RANGE (start_at)"));
    static final int BACKLOG_CAPACITY = 200_000;
    /** Batches of rows on disk, one written a second at most while PostgreSQL is down: a day and more of outage. */
    static final int OUTBOX_CAPACITY = 100_000;
    private static final int BATCH_ROWS = 5_000;
    private static final long MINUTE = 60_000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String UPSERT = "INSERT INTO " + TABLE + " AS m VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (series, start_at) DO UPDATE SET min_value = LEAST(m.min_value, EXCLUDED.min_value),"
            + " sum_value = m.sum_value + EXCLUDED.sum_value, max_value = GREATEST(m.max_value, EXCLUDED.max_value),"
            + " sample_count = m.sample_count + EXCLUDED.sample_count";
    private static final Logger log = LoggerFactory.getLogger(PostgresMetricHistoryStore.class);

    /** One sample's contribution to its minute. */
    private record Row(String series, long minuteMillis, double value) {
    }

    private final HikariDataSource pool;
    private final Duration retention;
    private final PluginContext context;
    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();
    // Guarded by this.
    private final ArrayDeque<Row> backlog = new ArrayDeque<>();
    /** What waited longer than a second: batches of rows on disk, oldest first, written back before the rest. */
    private final Outbox outbox;
    private final ObjectMapper json = new ObjectMapper();
    private int outboxRows;
    private long dropped;
    private boolean migrated;
    private boolean down;

    private PostgresMetricHistoryStore(HikariDataSource pool, Duration retention, PluginContext context,
            Outbox outbox) throws IOException {
        this.pool = pool;
        this.retention = retention;
        this.context = context;
        this.outbox = outbox;
        for (String entry : outbox.entries()) {
            outboxRows += rows(entry).size();
        }
        if (outboxRows > 0) {
            log.info("{} metric history rows wait on disk from before the start; written back when PostgreSQL answers",
                    outboxRows);
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the flusher and the expiry end with the engine's scheduler at close
    static PostgresMetricHistoryStore open(DatabaseUrl url, Duration retention, PluginContext context)
            throws IOException {
        PostgresMetricHistoryStore store = new PostgresMetricHistoryStore(
                Database.pool(url, "devmentor-history", 2), retention, context, new Outbox(context.dataDirectory()
                        .orElseThrow().resolve("postgres-outbox").resolve("history.jsonl"), OUTBOX_CAPACITY));
        context.scheduler().scheduleWithFixedDelay(store::flushBacklog, 1, 1, TimeUnit.SECONDS);
        context.scheduler().scheduleWithFixedDelay(store::expire, 1, 60, TimeUnit.MINUTES);
        log.info("metric history on {}, kept {} days", url, retention.toDays());
        return store;
    }

    @Override
    public synchronized void append(Collection<MetricSample> samples, Instant at) {
        long minute = at.toEpochMilli() / MINUTE * MINUTE;
        List<Row> rows = new ArrayList<>(samples.size());
        for (MetricSample sample : samples) {
            if ((sample.type() == MetricType.GAUGE || sample.type() == MetricType.COUNTER)
                    && Double.isFinite(sample.value())) {
                rows.add(new Row(sample.seriesKey(), minute, sample.value()));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        if (!backlog.isEmpty() || !outbox.isEmpty()) {
            queue(rows);
            return;
        }
        try {
            write(rows);
        } catch (SQLException e) {
            if (!Database.unreachable(e)) {
                log.warn("metric history not written: {}", e.getMessage());
                return;
            }
            queue(rows);
            wentDown(e);
        }
    }

    /** Rows waiting for the database on disk, for tests. */
    synchronized int waitingOnDisk() {
        return outboxRows;
    }

    /** Rows waiting for the database, in memory and on disk, for tests and the metric. */
    synchronized int backlog() {
        return backlog.size() + outboxRows;
    }

    private void queue(List<Row> rows) {
        for (Row row : rows) {
            if (backlog.size() >= BACKLOG_CAPACITY) {
                backlog.removeFirst();
                dropped++;
            }
            backlog.addLast(row);
        }
    }

    /**
     * Every second: writes back what waits, the disk's batches first, then memory's. While the database is down,
     * memory's rows go to disk, one forced write a second, so that a crash in an outage loses at most that second.
     */
    private synchronized void flushBacklog() {
        if (backlog.isEmpty() && outbox.isEmpty()) {
            return;
        }
        try {
            while (!outbox.isEmpty()) {
                List<Row> batch = rows(outbox.peek());
                write(batch);
                outbox.remove();
                outboxRows -= batch.size();
            }
            while (!backlog.isEmpty()) {
                List<Row> batch = new ArrayList<>(Math.min(backlog.size(), BATCH_ROWS));
                backlog.stream().limit(BATCH_ROWS).forEach(batch::add);
                write(batch);
                batch.forEach(row -> backlog.removeFirst());
            }
            if (down) {
                down = false;
                log.info("PostgreSQL answers again; metric history written back{}",
                        dropped > 0 ? " (" + dropped + " rows were dropped)" : "");
                context.publish(MonitoringEvent.of("store.recovered", "postgres-history", context.clock().instant(),
                        Severity.INFO, Map.of("dropped", dropped)));
                dropped = 0;
            }
        } catch (SQLException e) {
            if (Database.unreachable(e)) {
                wentDown(e);
                spill();
            } else {
                log.warn("metric history backlog not written: {}", e.getMessage());
            }
        } catch (IOException e) {
            log.error("metric history outbox not readable: {}", e.toString());
        }
    }

    /** Memory's rows to the disk's outbox, in batches; when it is full, they are dropped and counted. */
    private void spill() {
        while (!backlog.isEmpty()) {
            List<Row> batch = new ArrayList<>(Math.min(backlog.size(), BATCH_ROWS));
            backlog.stream().limit(BATCH_ROWS).forEach(batch::add);
            try {
                outbox.append(line(batch));
                outboxRows += batch.size();
            } catch (IOException e) {
                dropped += batch.size();
                log.error("{} metric history rows dropped: {}", batch.size(), e.getMessage());
            }
            batch.forEach(row -> backlog.removeFirst());
        }
    }

    private String line(List<Row> rows) throws IOException {
        List<Object[]> triples = new ArrayList<>(rows.size());
        for (Row row : rows) {
            triples.add(new Object[] {row.series(), row.minuteMillis(), row.value()});
        }
        return json.writeValueAsString(triples);
    }

    private List<Row> rows(String line) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode triple : json.readTree(line)) {
            rows.add(new Row(triple.get(0).asText(), triple.get(1).asLong(), triple.get(2).asDouble()));
        }
        return rows;
    }

    private void wentDown(SQLException e) {
        if (!down) {
            down = true;
            log.warn("PostgreSQL is unreachable ({}); metric history waits in memory for a second, then on disk"
                    + " (at most {} batches)", e.getMessage(), OUTBOX_CAPACITY);
            context.publish(MonitoringEvent.of("store.unavailable", "postgres-history", context.clock().instant(),
                    Severity.WARNING, Map.of("reason", String.valueOf(e.getMessage()))));
        }
    }

    private void write(List<Row> rows) throws SQLException {
        if (!migrated) {
            Database.migrate(pool, "devmentor_history_schema_version", MIGRATIONS);
            migrated = true;
        }
        try (Connection c = pool.getConnection()) {
            Set<LocalDate> days = new TreeSet<>();
            rows.forEach(row -> days.add(day(row.minuteMillis())));
            for (LocalDate day : days) {
                ensurePartition(c, day);
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Row row : rows) {
                    ps.setString(1, row.series());
                    ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(row.minuteMillis()), ZoneOffset.UTC));
                    ps.setDouble(3, row.value());
                    ps.setDouble(4, row.value());
                    ps.setDouble(5, row.value());
                    ps.setLong(6, 1);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void ensurePartition(Connection c, LocalDate day) throws SQLException {
        if (partitions.contains(day)) {
            return;
        }
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + "_" + DAY.format(day) + " PARTITION OF " + TABLE
                    + " FOR VALUES FROM ('" + from + "') TO ('" + from.plusDays(1) + "')");
        } catch (SQLException e) {
            // Another instance made it at the same moment.
            if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        partitions.add(day);
    }

    @Override
    public List<HistoryPoint> query(String series, Instant from, Instant to, Duration step) throws SQLException {
        long length = Math.max(MINUTE, step.toMillis());
        List<HistoryPoint> points = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT floor((extract(epoch FROM start_at) * 1000 - ?) / ?)"
                        + "::bigint AS bucket, min(min_value), sum(sum_value), max(max_value), sum(sample_count)"
                        + " FROM " + TABLE + " WHERE series = ? AND start_at >= ? AND start_at < ?"
                        + " GROUP BY bucket ORDER BY bucket")) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, length);
            ps.setString(3, series);
            ps.setObject(4, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(5, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long count = rs.getLong(5);
                    points.add(new HistoryPoint(Instant.ofEpochMilli(from.toEpochMilli() + rs.getLong(1) * length),
                            rs.getDouble(2), rs.getDouble(3) / count, rs.getDouble(4), count));
                }
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().equals("42P01")) {
                return List.of(); // nothing written yet: no table
            }
            throw e;
        }
        return points;
    }

    /** Drops the daily partitions wholly older than the retention. */
    void expire() {
        LocalDate oldestKept = day(context.clock().millis() - retention.toMillis());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT child.relname FROM pg_inherits"
                    + " JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
                    + " JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
                    + " WHERE parent.relname = '" + TABLE + "'")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    try {
                        LocalDate day = LocalDate.parse(name.substring(TABLE.length() + 1), DAY);
                        if (day.isBefore(oldestKept)) {
                            old.add(name);
                            partitions.remove(day);
                        }
                    } catch (RuntimeException notOurs) {
                        // A partition someone else named: not ours to drop.
                    }
                }
            }
            for (String name : old) {
                st.execute("DROP TABLE IF EXISTS " + name);
                log.info("metric history: dropped {} (older than {} days)", name, retention.toDays());
            }
        } catch (SQLException e) {
            log.debug("metric history retention not applied now: {}", e.getMessage());
        }
    }

    private static LocalDate day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public void close() {
        flushBacklog();
        synchronized (this) {
            spill(); // what the database did not take waits on disk for the next start
            try {
                outbox.close();
            } catch (IOException e) {
                log.warn("metric history outbox not closed: {}", e.toString());
            }
        }
        pool.close();
    }
}
