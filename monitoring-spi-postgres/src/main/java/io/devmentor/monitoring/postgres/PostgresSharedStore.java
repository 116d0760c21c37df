package io.devmentor.monitoring.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.devmentor.monitoring.spi.SharedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents and counts on PostgreSQL, shared by every instance on the database: {@code devmentor_documents} (one row
 * per document) and {@code devmentor_counts} (one row per count, added to in place, so that instances adding to one
 * count at once lose nothing).
 */
final class PostgresSharedStore implements SharedStore {

    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE IF NOT EXISTS devmentor_documents (collection text NOT NULL, id text NOT NULL,"
                    + " body text NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (collection, id))",
            "CREATE TABLE IF NOT EXISTS devmentor_counts (ledger text NOT NULL, key text NOT NULL,"
                    + " value bigint NOT NULL, PRIMARY KEY (ledger, key))"));

    private final HikariDataSource pool;
    private volatile boolean migrated;

    private PostgresSharedStore(HikariDataSource pool) {
        this.pool = pool;
    }

    static PostgresSharedStore open(DatabaseUrl url) {
        return new PostgresSharedStore(Database.pool(url, "devmentor-shared", 2));
    }

    private void migrated() throws SQLException {
        if (!migrated) {
            Database.migrate(pool, "devmentor_shared_schema_version", MIGRATIONS);
            migrated = true;
        }
    }

    @Override
    public Map<String, String> documents(String collection) throws SQLException {
        migrated();
        Map<String, String> documents = new LinkedHashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, body FROM devmentor_documents WHERE collection = ? ORDER BY id")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    documents.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return documents;
    }

    @Override
    public void putDocument(String collection, String id, String document) throws SQLException {
        migrated();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO devmentor_documents (collection, id, body, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body,"
                        + " updated_at = excluded.updated_at")) {
            ps.setString(1, collection);
            ps.setString(2, id);
            ps.setString(3, document);
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    @Override
    public boolean removeDocument(String collection, String id) throws SQLException {
        migrated();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM devmentor_documents WHERE collection = ? AND id = ?")) {
            ps.setString(1, collection);
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        }
    }

    @Override
    public void addCounts(String ledger, Map<String, Long> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        migrated();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO devmentor_counts (ledger, key, value)"
                    + " VALUES (?, ?, ?) ON CONFLICT (ledger, key) DO UPDATE"
                    + " SET value = devmentor_counts.value + excluded.value")) {
                // In key order, so that two instances adding to the same counts lock them in the same order.
                for (Map.Entry<String, Long> delta : new TreeMap<>(deltas).entrySet()) {
                    ps.setString(1, ledger);
                    ps.setString(2, delta.getKey());
                    ps.setLong(3, delta.getValue());
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

    @Override
    public Map<String, Long> counts(String ledger) throws SQLException {
        migrated();
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT key, value FROM devmentor_counts WHERE ledger = ?")) {
            ps.setString(1, ledger);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    @Override
    public void removeCounts(String ledger, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        migrated();
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM devmentor_counts WHERE ledger = ? AND key = ANY (?)")) {
            ps.setString(1, ledger);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
