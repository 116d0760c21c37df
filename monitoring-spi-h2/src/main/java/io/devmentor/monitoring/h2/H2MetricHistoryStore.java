package io.devmentor.monitoring.h2;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MinuteRollups;
import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minute steps (min, sum, max, count) of every series in an H2 file; the open minute stays in memory and is
 * written when it closes. Longer steps are folded from minutes when read. Steps older than the retention
 * are deleted every hour.
 */
final class H2MetricHistoryStore implements MetricHistoryStore {

    private static final Logger log = LoggerFactory.getLogger(H2MetricHistoryStore.class);

    private final JdbcConnectionPool pool;
    private final Duration retention;
    private final PluginContext context;
    private final MinuteRollups rollups = new MinuteRollups();
    private long sweptMinute;

    private H2MetricHistoryStore(JdbcConnectionPool pool, Duration retention, PluginContext context) {
        this.pool = pool;
        this.retention = retention;
        this.context = context;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the expiry ends with the engine's scheduler at close
    static H2MetricHistoryStore open(Path file, Duration retention, PluginContext context) throws SQLException {
        // Steps are written once a minute, and the minute still open is only in memory: H2's writer looking for
        // changes every 5 s instead of every 0.5 s risks no more on a crash, and wakes the server a tenth as often.
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file.toAbsolutePath()
                + ";WRITE_DELAY=5000;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(4);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS metric_minutes (series VARCHAR(1024) NOT NULL,"
                    + " start_ms BIGINT NOT NULL, min_value DOUBLE PRECISION NOT NULL, sum_value DOUBLE PRECISION NOT NULL,"
                    + " max_value DOUBLE PRECISION NOT NULL, sample_count BIGINT NOT NULL, PRIMARY KEY (series, start_ms))");
            st.execute("CREATE INDEX IF NOT EXISTS metric_minutes_start ON metric_minutes (start_ms)");
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        H2MetricHistoryStore store = new H2MetricHistoryStore(pool, retention, context);
        context.scheduler().scheduleWithFixedDelay(store::expire, 1, 60, TimeUnit.MINUTES);
        return store;
    }

    @Override
    public synchronized void append(Collection<MetricSample> samples, Instant at) throws SQLException {
        List<MinuteRollups.Step> closed = rollups.add(samples, at);
        long minute = at.toEpochMilli() / MinuteRollups.MINUTE;
        if (minute != sweptMinute) {
            // Once a minute, not per sample: close the steps of series that stopped reporting.
            sweptMinute = minute;
            closed.addAll(rollups.closeBefore(at.minus(Duration.ofMinutes(2))));
        }
        write(closed);
    }

    /**
     * Adds closed steps to the stored ones: a minute closed twice (a late sample reopened it, or another run of the
     * engine wrote it before) holds the samples of both.
     */
    private void write(List<MinuteRollups.Step> closed) throws SQLException {
        if (closed.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("MERGE INTO metric_minutes t USING (VALUES (CAST(? AS"
                        + " VARCHAR(1024)), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
                        + " CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT))) s (series, start_ms, min_value, sum_value,"
                        + " max_value, sample_count) ON t.series = s.series AND t.start_ms = s.start_ms"
                        + " WHEN MATCHED THEN UPDATE SET min_value = LEAST(t.min_value, s.min_value),"
                        + " sum_value = t.sum_value + s.sum_value, max_value = GREATEST(t.max_value, s.max_value),"
                        + " sample_count = t.sample_count + s.sample_count"
                        + " WHEN NOT MATCHED THEN INSERT VALUES (s.series, s.start_ms, s.min_value, s.sum_value,"
                        + " s.max_value, s.sample_count)")) {
            for (MinuteRollups.Step step : closed) {
                ps.setString(1, step.series());
                ps.setLong(2, step.startMillis());
                ps.setDouble(3, step.min());
                ps.setDouble(4, step.sum());
                ps.setDouble(5, step.max());
                ps.setLong(6, step.count());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<HistoryPoint> query(String series, Instant from, Instant to, Duration step) throws SQLException {
        List<MinuteRollups.Step> minutes = new ArrayList<>();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT start_ms, min_value, sum_value, max_value, sample_count"
                        + " FROM metric_minutes WHERE series = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms")) {
            ps.setString(1, series);
            ps.setLong(2, from.toEpochMilli());
            ps.setLong(3, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    minutes.add(new MinuteRollups.Step(series, rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getLong(5)));
                }
            }
        }
        synchronized (this) {
            rollups.openStep(series).filter(m -> m.startMillis() >= from.toEpochMilli() && m.startMillis()
                    < to.toEpochMilli()).ifPresent(minutes::add);
        }
        return MinuteRollups.fold(minutes, from, step);
    }

    private void expire() {
        long cutoff = context.clock().millis() - retention.toMillis();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM metric_minutes WHERE start_ms < ?")) {
            ps.setLong(1, cutoff);
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                log.debug("deleted {} history steps older than {} days", deleted, retention.toDays());
            }
        } catch (SQLException e) {
            log.warn("history retention failed: {}", e.getMessage());
        }
    }

    /** Writes the open minutes, so that a clean stop loses none, and closes the file. */
    @Override
    public synchronized void close() {
        try {
            write(rollups.closeBefore(Instant.ofEpochMilli(Long.MAX_VALUE)));
        } catch (SQLException e) {
            log.warn("the open minutes of the history were not written: {}", e.getMessage());
        }
        pool.dispose();
    }
}
