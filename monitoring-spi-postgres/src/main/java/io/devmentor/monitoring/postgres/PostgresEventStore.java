package io.devmentor.monitoring.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.EventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The event history in PostgreSQL, shared by every instance: one row an event, numbered in the order stored, the
 * event itself as {@code jsonb} beside the columns a query filters on. Every instance appends the events it sees;
 * the id's unique key keeps each once. The schema is made on first use, so the store starts while the database is
 * down; the engine keeps the events and tries again.
 */
final class PostgresEventStore implements EventStore {

    /** Schema versions, oldest first; never edit one that has shipped, add the next. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE IF NOT EXISTS devmentor_events (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " id text NOT NULL UNIQUE, type text NOT NULL, source text NOT NULL, at timestamptz NOT NULL,"
                    + " correlation_id text, user_id text, body jsonb NOT NULL)",
            "CREATE INDEX IF NOT EXISTS devmentor_events_at ON devmentor_events (at)",
            "CREATE INDEX IF NOT EXISTS devmentor_events_source ON devmentor_events (source, position)",
            "CREATE INDEX IF NOT EXISTS devmentor_events_correlation ON devmentor_events (correlation_id, position)"));

    private final HikariDataSource pool;
    private final WireFormat wire = new WireFormat();
    private volatile boolean migrated;

    private PostgresEventStore(HikariDataSource pool) {
        this.pool = pool;
    }

    static PostgresEventStore open(DatabaseUrl url) {
        return new PostgresEventStore(Database.pool(url, "devmentor-events", 2));
    }

    private void migrated() throws SQLException {
        if (!migrated) {
            Database.migrate(pool, "devmentor_events_schema_version", MIGRATIONS);
            migrated = true;
        }
    }

    @Override
    public void append(List<MonitoringEvent> events) throws SQLException {
        migrated();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devmentor_events (id, type, source, at,"
                    + " correlation_id, user_id, body) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING")) {
                for (MonitoringEvent event : events) {
                    ps.setString(1, event.id());
                    ps.setString(2, event.type());
                    ps.setString(3, event.source());
                    ps.setObject(4, OffsetDateTime.ofInstant(event.timestamp(), ZoneOffset.UTC));
                    ps.setString(5, event.metadata().correlationId().orElse(null));
                    ps.setString(6, event.metadata().userId().orElse(null));
                    ps.setString(7, wire.streamedEvent(event));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public EventPage query(EventQuery query) throws SQLException {
        migrated();
        List<Object> parameters = new ArrayList<>();
        String where = query.sqlCondition(parameters);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT position, body::text FROM devmentor_events WHERE " + where + " ORDER BY position DESC LIMIT ?")) {
            int i = 1;
            for (Object parameter : parameters) {
                ps.setObject(i++, parameter);
            }
            ps.setInt(i, query.limit() + 1);
            List<MonitoringEvent> page = new ArrayList<>();
            long last = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (page.size() == query.limit()) {
                        return new EventPage(page, OptionalLong.of(last));
                    }
                    last = rs.getLong(1);
                    page.add(wire.readEvent(rs.getString(2)));
                }
            }
            return new EventPage(page, OptionalLong.empty());
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) throws SQLException {
        migrated();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM devmentor_events WHERE at < ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
