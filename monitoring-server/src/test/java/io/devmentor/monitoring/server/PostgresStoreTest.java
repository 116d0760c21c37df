package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the PostgreSQL incident store (the adapter on its class path, selected by
 * MONITORING_INCIDENT_STORE), against the machine's real PostgreSQL; fails, never skips, without it.
 */
class PostgresStoreTest {

    @TempDir
    Path dir;

    @Test
    void incidentsGoToPostgresAndOutliveTheServer() throws Exception {
        String database = "devmentor_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        Map<String, String> env = Map.of("MONITORING_INCIDENT_STORE", "postgres",
                "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database, "MONITORING_API_TOKEN", "t");
        try {
            String id;
            try (ServerHarness harness = new ServerHarness(dir, env)) {
                HttpResponse<String> created = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/incidents"))
                        .header("Authorization", "Bearer t").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"service\":\"auth\",\"description\":\"kept in postgres\",\"severity\":\"high\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                id = harness.json.readTree(created.body()).get("id").asText();
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database
                    + "?user=postgres"); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT description FROM devmentor_incidents WHERE id = '" + id + "'")) {
                rs.next();
                assertEquals("kept in postgres", rs.getString(1));
            }
            try (ServerHarness again = new ServerHarness(dir, env)) {
                JsonNode incident = again.getJson("/api/incidents/" + id);
                assertEquals("open", incident.get("status").asText());
                assertEquals(1, incident.get("timeline").size());
            }
        } finally {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                    Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
