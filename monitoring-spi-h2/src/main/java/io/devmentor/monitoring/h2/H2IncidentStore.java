package io.devmentor.monitoring.h2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.IncidentStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Incidents in an H2 file. A save is one transaction, committed and written to the file before it returns
 * ({@code WRITE_DELAY=0}), so an incident acknowledged to a caller survives {@code kill -9}. Timelines are
 * append-only rows. The schema is versioned: {@link #MIGRATIONS} are applied in order, once each.
 */
final class H2IncidentStore implements IncidentStore {

    /** Schema versions, oldest first; never edit one that has shipped, add the next. */
    static final List<String[]> MIGRATIONS = List.<String[]>of(new String[] {
        "CREATE TABLE incidents (id VARCHAR(64) PRIMARY KEY, service VARCHAR(128) NOT NULL,"
                + " description VARCHAR(4000) NOT NULL, severity VARCHAR(16) NOT NULL, status VARCHAR(16) NOT NULL,"
                + " cause VARCHAR(128) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL, resolved_at TIMESTAMP WITH TIME ZONE,"
                + " correlation_id VARCHAR(64), caused_by VARCHAR(64), flapping BOOLEAN NOT NULL,"
                + " maintenance BOOLEAN NOT NULL)",
        "CREATE INDEX incidents_created ON incidents (created_at DESC, id)",
        "CREATE INDEX incidents_status_created ON incidents (status, created_at DESC, id)",
        "CREATE INDEX incidents_severity_created ON incidents (severity, created_at DESC, id)",
        "CREATE INDEX incidents_service_created ON incidents (service, created_at DESC, id)",
        "CREATE TABLE incident_timeline (incident_id VARCHAR(64) NOT NULL, seq INT NOT NULL,"
                + " at TIMESTAMP WITH TIME ZONE NOT NULL, actor VARCHAR(128) NOT NULL, kind VARCHAR(64) NOT NULL,"
                + " message VARCHAR(4000) NOT NULL, data VARCHAR(1000000) NOT NULL,"
                + " PRIMARY KEY (incident_id, seq))"
    });

    private static final String COLUMNS = "id, service, description, severity, status, cause, created_at, updated_at,"
            + " resolved_at, correlation_id, caused_by, flapping, maintenance";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcConnectionPool pool;
    private final ObjectMapper json = new ObjectMapper();

    private H2IncidentStore(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    static H2IncidentStore open(Path file) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(8);
        H2IncidentStore store = new H2IncidentStore(pool);
        try {
            store.migrate();
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        return store;
    }

    private void migrate() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            int current = 0;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            c.setAutoCommit(false);
            for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version VALUES (?, ?)")) {
                    ps.setInt(1, version);
                    ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                c.commit();
            }
        }
    }

    int schemaVersion() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void save(Incident incident) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("MERGE INTO incidents (" + COLUMNS + ") KEY (id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, incident.id());
                    ps.setString(2, incident.service());
                    ps.setString(3, incident.description());
                    ps.setString(4, incident.severity().name());
                    ps.setString(5, incident.status().name());
                    ps.setString(6, incident.cause());
                    ps.setObject(7, utc(incident.createdAt()));
                    ps.setObject(8, utc(incident.updatedAt()));
                    ps.setObject(9, incident.resolvedAt().map(H2IncidentStore::utc).orElse(null));
                    ps.setString(10, incident.correlationId().orElse(null));
                    ps.setString(11, incident.causedBy().orElse(null));
                    ps.setBoolean(12, incident.flapping());
                    ps.setBoolean(13, incident.maintenance());
                    ps.executeUpdate();
                }
                int stored;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM incident_timeline WHERE incident_id = ?")) {
                    ps.setString(1, incident.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        stored = rs.getInt(1);
                    }
                }
                List<TimelineEntry> timeline = incident.timeline();
                if (stored < timeline.size()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO incident_timeline VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (int seq = stored; seq < timeline.size(); seq++) {
                            TimelineEntry entry = timeline.get(seq);
                            ps.setString(1, incident.id());
                            ps.setInt(2, seq);
                            ps.setObject(3, utc(entry.at()));
                            ps.setString(4, entry.actor());
                            ps.setString(5, entry.kind());
                            ps.setString(6, entry.message());
                            ps.setString(7, toJson(entry.data()));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public Optional<Incident> find(String id) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Incident bare = incident(rs, List.of());
                return Optional.of(withTimelines(c, List.of(bare)).get(0));
            }
        }
    }

    @Override
    public IncidentPage query(IncidentQuery query) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
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
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM incidents" + where)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Incident> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents" + where
                    + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                bind(ps, params);
                ps.setInt(params.size() + 1, query.limit());
                ps.setInt(params.size() + 2, query.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(incident(rs, List.of()));
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
        String marks = String.join(", ", java.util.Collections.nCopies(bare.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT incident_id, at, actor, kind, message, data"
                + " FROM incident_timeline WHERE incident_id IN (" + marks + ") ORDER BY incident_id, seq")) {
            for (int i = 0; i < bare.size(); i++) {
                ps.setString(i + 1, bare.get(i).id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    timelines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new TimelineEntry(
                            rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                            rs.getString(5), fromJson(rs.getString(6))));
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

    private static Incident incident(ResultSet rs, List<TimelineEntry> timeline) throws SQLException {
        OffsetDateTime resolved = rs.getObject(9, OffsetDateTime.class);
        return new Incident(rs.getString(1), rs.getString(2), rs.getString(3),
                IncidentSeverity.valueOf(rs.getString(4)), IncidentStatus.valueOf(rs.getString(5)), rs.getString(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getObject(8, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(resolved).map(OffsetDateTime::toInstant), Optional.ofNullable(rs.getString(10)),
                Optional.ofNullable(rs.getString(11)), rs.getBoolean(12), rs.getBoolean(13), timeline);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private String toJson(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("timeline data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            Map<String, Object> data = json.readValue(text, MAP);
            // Map.copyOf in the record refuses nulls; JSON nulls become absent keys.
            Map<String, Object> clean = new LinkedHashMap<>();
            data.forEach((k, v) -> {
                if (v != null) {
                    clean.put(k, v);
                }
            });
            return clean;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored timeline data is not JSON", e);
        }
    }

    /** Closes the pool's connections; H2 closes the file with the last one. */
    @Override
    public void close() {
        pool.dispose();
    }
}
