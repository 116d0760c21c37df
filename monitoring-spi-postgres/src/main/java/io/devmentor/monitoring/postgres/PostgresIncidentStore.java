package io.devmentor.monitoring.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.PluginContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents in PostgreSQL. A save is one transaction; when the database cannot be reached, the save goes to
 * a durable local outbox instead, and every later save too, so that order holds; a flusher writes the
 * outbox back, oldest first, once the database answers. The outage and the recovery are published as
 * {@code store.unavailable} and {@code store.recovered} events; {@link #pendingWrites()} is exported as a
 * metric. Writes are idempotent (upserts, and timeline rows by position), so a replay after a crash is safe.
 */
final class PostgresIncidentStore implements IncidentStore {

    static final List<String> MIGRATION_1 = List.of(
            "CREATE TABLE IF NOT EXISTS devmentor_incidents (id text PRIMARY KEY, service text NOT NULL,"
                    + " description text NOT NULL, severity text NOT NULL, status text NOT NULL, cause text NOT NULL,"
                    + " created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, resolved_at timestamptz,"
                    + " correlation_id text, caused_by text, flapping boolean NOT NULL, maintenance boolean NOT NULL)",
            "CREATE INDEX IF NOT EXISTS devmentor_incidents_created ON devmentor_incidents (created_at DESC, id)",
            "CREATE INDEX IF NOT EXISTS devmentor_incidents_status ON devmentor_incidents (status, created_at DESC, id)",
            "CREATE INDEX IF NOT EXISTS devmentor_incidents_severity ON devmentor_incidents (severity, created_at DESC, id)",
            "CREATE INDEX IF NOT EXISTS devmentor_incidents_service ON devmentor_incidents (service, created_at DESC, id)",
            "CREATE TABLE IF NOT EXISTS devmentor_incident_timeline (incident_id text NOT NULL, seq int NOT NULL,"
                    + " at timestamptz NOT NULL, actor text NOT NULL, kind text NOT NULL, message text NOT NULL,"
                    + " data jsonb NOT NULL, PRIMARY KEY (incident_id, seq))");
    /** Schema versions, oldest first; never edit one that has shipped, add the next. */
    static final List<List<String>> MIGRATIONS = List.of(MIGRATION_1);
    static final int OUTBOX_CAPACITY = 100_000;
    private static final String COLUMNS = "id, service, description, severity, status, cause, created_at, updated_at,"
            + " resolved_at, correlation_id, caused_by, flapping, maintenance";
    private static final Logger log = LoggerFactory.getLogger(PostgresIncidentStore.class);

    private final HikariDataSource pool;
    private final Outbox outbox;
    private final PluginContext context;
    private final WireFormat wire = new WireFormat();
    private final Object writes = new Object();
    private volatile boolean migrated;
    private volatile boolean down;

    private PostgresIncidentStore(HikariDataSource pool, Outbox outbox, PluginContext context) {
        this.pool = pool;
        this.outbox = outbox;
        this.context = context;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the flusher ends with the engine's scheduler at close
    static PostgresIncidentStore open(DatabaseUrl url, PluginContext context) throws IOException {
        PostgresIncidentStore store = new PostgresIncidentStore(Database.pool(url, "devmentor-incidents", 4),
                new Outbox(context.dataDirectory().orElseThrow().resolve("postgres-outbox").resolve("incidents.jsonl"),
                        OUTBOX_CAPACITY), context);
        store.flush();
        context.scheduler().scheduleWithFixedDelay(store::flush, 1, 1, TimeUnit.SECONDS);
        log.info("incident store on {}", url);
        return store;
    }

    @Override
    public void save(Incident incident) throws Exception {
        synchronized (writes) {
            if (!outbox.isEmpty()) {
                outbox.append(wire.storedIncident(incident));
                return;
            }
            try {
                write(incident);
            } catch (SQLException e) {
                if (!Database.unreachable(e)) {
                    throw e;
                }
                outbox.append(wire.storedIncident(incident));
                wentDown(e);
            }
        }
    }

    /** Writes the outbox back, oldest first, while the database answers. */
    void flush() {
        synchronized (writes) {
            try {
                if (!migrated) {
                    migrate();
                }
                int flushed = 0;
                while (!outbox.isEmpty()) {
                    write(wire.readIncident(outbox.peek()));
                    outbox.remove();
                    flushed++;
                }
                if (down) {
                    down = false;
                    log.info("PostgreSQL answers again; {} waiting write(s) flushed", flushed);
                    context.publish(MonitoringEvent.of("store.recovered", "postgres", Instant.now(), Severity.INFO,
                            Map.of("flushed", flushed)));
                }
            } catch (SQLException e) {
                if (Database.unreachable(e)) {
                    wentDown(e);
                } else {
                    log.error("the incident outbox cannot be written to PostgreSQL: {}", e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                log.error("the incident outbox failed: {}", e.toString());
            }
        }
    }

    private void wentDown(SQLException e) {
        if (!down) {
            down = true;
            log.warn("PostgreSQL is unreachable ({}); incident writes wait in the outbox", e.getMessage());
            context.publish(MonitoringEvent.of("store.unavailable", "postgres", Instant.now(), Severity.ERROR,
                    Map.of("reason", String.valueOf(e.getMessage()), "pendingWrites", outbox.size())));
        }
    }

    private void migrate() throws SQLException {
        Database.migrate(pool, "devmentor_schema_version", MIGRATIONS);
        migrated = true;
    }

    private void write(Incident incident) throws SQLException {
        if (!migrated) {
            migrate();
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO devmentor_incidents (" + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        + " service = EXCLUDED.service, description = EXCLUDED.description,"
                        + " severity = EXCLUDED.severity, status = EXCLUDED.status, cause = EXCLUDED.cause,"
                        + " updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at,"
                        + " correlation_id = EXCLUDED.correlation_id, caused_by = EXCLUDED.caused_by,"
                        + " flapping = EXCLUDED.flapping, maintenance = EXCLUDED.maintenance")) {
                    ps.setString(1, incident.id());
                    ps.setString(2, incident.service());
                    ps.setString(3, incident.description());
                    ps.setString(4, incident.severity().name());
                    ps.setString(5, incident.status().name());
                    ps.setString(6, incident.cause());
                    ps.setObject(7, utc(incident.createdAt()));
                    ps.setObject(8, utc(incident.updatedAt()));
                    ps.setObject(9, incident.resolvedAt().map(PostgresIncidentStore::utc).orElse(null));
                    ps.setString(10, incident.correlationId().orElse(null));
                    ps.setString(11, incident.causedBy().orElse(null));
                    ps.setBoolean(12, incident.flapping());
                    ps.setBoolean(13, incident.maintenance());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO devmentor_incident_timeline VALUES"
                        + " (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (incident_id, seq) DO NOTHING")) {
                    List<TimelineEntry> timeline = incident.timeline();
                    for (int seq = 0; seq < timeline.size(); seq++) {
                        TimelineEntry entry = timeline.get(seq);
                        ps.setString(1, incident.id());
                        ps.setInt(2, seq);
                        ps.setObject(3, utc(entry.at()));
                        ps.setString(4, entry.actor());
                        ps.setString(5, entry.kind());
                        ps.setString(6, entry.message());
                        ps.setString(7, wire.dataText(entry.data()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the transaction with it
                }
                throw e;
            }
        }
    }

    @Override
    public Optional<Incident> find(String id) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM devmentor_incidents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(withTimelines(c, List.of(incident(rs))).get(0));
            }
        }
    }

    @Override
    public IncidentPage query(IncidentQuery query) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<String> params = new ArrayList<>();
        query.status().ifPresent(s -> {
            where.append(" AND status = ?");
            params.add(s.name());
        });
        query.severity().ifPresent(s -> {
            where.append(" AND severity = ?");
            params.add(s.name());
        });
        query.service().ifPresent(s -> {
            where.append(" AND service = ?");
            params.add(s);
        });
        try (Connection c = pool.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM devmentor_incidents" + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Incident> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM devmentor_incidents" + where
                    + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                bind(ps, params);
                ps.setInt(params.size() + 1, query.limit());
                ps.setInt(params.size() + 2, query.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(incident(rs));
                    }
                }
            }
            return new IncidentPage(withTimelines(c, items), total);
        }
    }

    private static void bind(PreparedStatement ps, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setString(i + 1, params.get(i));
        }
    }

    private List<Incident> withTimelines(Connection c, List<Incident> bare) throws SQLException {
        if (bare.isEmpty()) {
            return bare;
        }
        Map<String, List<TimelineEntry>> timelines = new HashMap<>();
        String marks = String.join(", ", Collections.nCopies(bare.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, at, actor, kind, message, data::text"
                + " FROM devmentor_incident_timeline WHERE incident_id IN (" + marks + ") ORDER BY incident_id, seq")) {
            for (int i = 0; i < bare.size(); i++) {
                ps.setString(i + 1, bare.get(i).id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    timelines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new TimelineEntry(
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), wire.readData(rs.getString(6))));
                }
            }
        }
        List<Incident> complete = new ArrayList<>(bare.size());
        for (Incident i : bare) {
            complete.add(new Incident(i.id(), i.service(), i.description(), i.severity(), i.status(), i.cause(),
                    i.createdAt(), i.updatedAt(), i.resolvedAt(), i.correlationId(), i.causedBy(), i.flapping(),
                    i.maintenance(), timelines.getOrDefault(i.id(), List.of())));
        }
        return complete;
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        OffsetDateTime resolved = rs.getObject(9, OffsetDateTime.class);
        return new Incident(rs.getString(1), rs.getString(2), rs.getString(3),
                IncidentSeverity.valueOf(rs.getString(4)), IncidentStatus.valueOf(rs.getString(5)), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getObject(8, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(resolved).map(OffsetDateTime::toInstant), Optional.ofNullable(rs.getString(10)),
                Optional.ofNullable(rs.getString(11)), rs.getBoolean(12), rs.getBoolean(13), List.of());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public long pendingWrites() {
        synchronized (writes) {
            return outbox.size();
        }
    }

    @Override
    public void close() {
        synchronized (writes) {
            pool.close();
            try {
                outbox.close();
            } catch (IOException e) {
                log.warn("the outbox did not close: {}", e.toString());
            }
        }
    }
}
