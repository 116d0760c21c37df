package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance windows scheduled through the API: validated, applied to the incidents opened in them, kept across a
 * restart, cancelled, and each change attributed in the audit.
 */
class MaintenanceApiTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> send(ServerHarness harness, String method, String path, String body,
            String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path)).header("Content-Type",
                "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String window(String services, Instant start, Instant end) {
        return "{\"services\":" + services + ",\"start\":\"" + start + "\",\"end\":\"" + end
                + "\",\"reason\":\"database upgrade\"}";
    }

    @Test
    void aWindowIsScheduledAppliedKeptAcrossARestartAndCancelledByName() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKENS",
                "alice:alice-m-s3cret,bob:bob-m-s3cret"))) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant start = now.minus(Duration.ofMinutes(1));
            Instant end = now.plus(Duration.ofHours(1));
            assertEquals(401, send(harness, "POST", "/api/maintenance", window("[\"auth\"]", start, end), null)
                    .statusCode());
            for (String[] bad : List.of(
                    new String[] {window("[\"nosuch\"]", start, end), "no service named 'nosuch'"},
                    new String[] {window("[\"auth\"]", end.plus(Duration.ofHours(1)), end), "start before its end"},
                    new String[] {window("[\"auth\"]", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1))),
                        "the window is over"},
                    new String[] {"{\"start\":\"tomorrow\",\"end\":\"" + end + "\",\"reason\":\"x\"}",
                        "start must be an ISO-8601 time"},
                    new String[] {"{\"services\":\"auth\",\"start\":\"" + start + "\",\"end\":\"" + end
                        + "\",\"reason\":\"x\"}", "services must be a list"},
                    new String[] {"{\"start\":\"" + start + "\",\"end\":\"" + end + "\"}", "reason"})) {
                HttpResponse<String> refused = send(harness, "POST", "/api/maintenance", bad[0], "alice-m-s3cret");
                assertEquals(400, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains(bad[1]), bad[1] + " in " + refused.body());
            }

            HttpResponse<String> scheduled = send(harness, "POST", "/api/maintenance", window("[\"auth\"]", start, end),
                    "alice-m-s3cret");
            assertEquals(201, scheduled.statusCode(), scheduled.body());
            JsonNode created = harness.json.readTree(scheduled.body());
            String id = created.get("id").asText();
            assertEquals("alice", created.get("scheduledBy").asText());
            assertEquals(List.of("auth"), List.of(created.get("services").get(0).asText()));

            // An incident of a service in the window pages nobody; one outside it does.
            JsonNode inWindow = harness.json.readTree(send(harness, "POST", "/api/incidents", "{\"service\":\"auth\","
                    + "\"description\":\"errors\",\"severity\":\"high\"}", "bob-m-s3cret").body());
            JsonNode outside = harness.json.readTree(send(harness, "POST", "/api/incidents", "{\"service\":\"cache\","
                    + "\"description\":\"errors\",\"severity\":\"high\"}", "bob-m-s3cret").body());
            assertTrue(inWindow.get("maintenance").asBoolean(), inWindow.toString());
            assertEquals(false, outside.get("maintenance").asBoolean(), outside.toString());

            harness.restartServer();
            JsonNode listed = harness.getJson("/api/maintenance");
            assertEquals(1, listed.get("windows").size(), listed.toString());
            assertEquals(id, listed.get("windows").get(0).get("id").asText());
            assertEquals(end.toString(), listed.get("windows").get(0).get("end").asText());

            assertEquals(200, send(harness, "DELETE", "/api/maintenance/" + id, "", "bob-m-s3cret").statusCode());
            assertEquals(0, harness.getJson("/api/maintenance").get("windows").size());
            assertEquals(404, send(harness, "DELETE", "/api/maintenance/" + id, "", "bob-m-s3cret").statusCode());

            List<String> audit = new ArrayList<>();
            harness.getJson("/api/audit?pattern=maintenance.*").get("events").forEach(event -> audit.add(
                    event.get("type").asText() + " " + event.get("metadata").get("userId").asText() + " "
                            + event.get("data").get("id").asText()));
            assertEquals(List.of("maintenance.cancelled bob " + id, "maintenance.scheduled alice " + id), audit);
        }
    }
}
