package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real PostgreSQL (127.0.0.1:5432, trust authentication), with a fresh database per test.
 * When PostgreSQL cannot be reached the tests fail, never skip: {@code .ci/run} starts it.
 */
final class PostgresPeer implements AutoCloseable {

    /** The JUnit resource of the machine's PostgreSQL server: read by the tests that use it, written by the one that stops it. */
    static final String SERVER = "postgresql-server";
    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    final String database = "devmentor_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    PostgresPeer() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
    }

    private static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL is needed at 127.0.0.1:5432 (.ci/run starts it): " + e.getMessage(), e);
        }
    }

    String databaseUrl() {
        return "postgresql://postgres@127.0.0.1:5432/" + database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
    }

    /** Stops or starts the cluster, as an outage does. */
    static void cluster(String action) throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), "pg_ctlcluster " + action + ": " + output);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
