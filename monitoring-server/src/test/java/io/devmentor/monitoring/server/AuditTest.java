package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every change a person makes is attributed: two named tokens acknowledge and resolve an incident, restart a service
 * and save a dashboard, and their names and sessions are in the events, the incident's timeline and
 * {@code GET /api/audit}, which lists nothing the engine did by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTest {

    private ServerHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKENS", "alice:alice-s3cret,ci:ci-s3cret",
                "MONITORING_API_TOKEN", "shared-s3cret"));
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String token, String session)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("X-Session-Id", session);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    @Test
    void namedTokensActionsCarryTheirNamesAndSessionsEverywhere() throws Exception {
        // The body's actor cannot stand in for a named token's holder.
        HttpResponse<String> opened = send("POST", "/api/incidents", "{\"service\":\"auth\",\"description\":"
                + "\"checkout errors\",\"severity\":\"high\",\"actor\":\"mallory\"}", "ci-s3cret", "tab-ci-1");
        assertEquals(201, opened.statusCode(), opened.body());
        String id = harness.json.readTree(opened.body()).get("id").asText();
        HttpResponse<String> acknowledged = send("POST", "/api/incidents/" + id + "/acknowledge",
                "{\"note\":\"on it\"}", "alice-s3cret", "tab-alice-7");
        assertEquals(200, acknowledged.statusCode(), acknowledged.body());
        assertEquals(201, send("POST", "/api/incidents/" + id + "/comments", "{\"text\":\"rolled back\"}",
                "alice-s3cret", "tab-alice-7").statusCode());
        HttpResponse<String> resolved = send("POST", "/api/incidents/" + id + "/resolve", "{}", "ci-s3cret", null);
        assertEquals(200, resolved.statusCode(), resolved.body());
        assertEquals(202, send("POST", "/api/services/auth/restart", "", "alice-s3cret", "tab-alice-7")
                .statusCode());
        // The restart's event comes when the controller has answered: wait for it, for the order below.
        Await.until(java.time.Duration.ofSeconds(10), "the restart's event", () -> {
            try {
                return harness.getJson("/api/audit?pattern=service.restarted").get("count").asInt() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> saved = send("PUT", "/api/dashboards/checkout", "{\"panels\":[{\"title\":\"auth\","
                + "\"kind\":\"service\",\"target\":\"auth\",\"chart\":\"line\",\"range\":\"1h\"}]}", "ci-s3cret",
                "tab-ci-1");
        assertEquals(200, saved.statusCode(), saved.body());
        // The shared token names nobody: the body's actor says who, as before.
        HttpResponse<String> shared = send("POST", "/api/incidents", "{\"service\":\"cache\",\"description\":"
                + "\"slow\",\"severity\":\"low\",\"actor\":\"bob\"}", "shared-s3cret", null);
        assertEquals(201, shared.statusCode(), shared.body());

        // The timeline: who, and from which session.
        JsonNode incident = harness.getJson("/api/incidents/" + id);
        List<String> timeline = list(incident.get("timeline")).stream().map(entry -> entry.get("kind").asText() + " "
                + entry.get("actor").asText() + " " + entry.path("data").path("sessionId").asText("-")).toList();
        assertTrue(timeline.containsAll(List.of("opened ci tab-ci-1", "acknowledged alice tab-alice-7",
                "comment alice tab-alice-7", "resolved ci -")), timeline.toString());

        // The events of the incident: userId and sessionId in their metadata.
        JsonNode events = harness.getJson("/api/events?correlationId=" + id);
        List<String> attributed = list(events.get("events")).stream().map(event -> event.get("type").asText() + " "
                + event.path("data").path("change").asText() + " " + event.get("metadata").path("userId").asText("-")
                + " " + event.get("metadata").path("sessionId").asText("-")).toList();
        assertEquals(List.of("incident.resolved resolved ci -", "incident.updated comment alice tab-alice-7",
                "incident.updated acknowledged alice tab-alice-7", "incident.created opened ci tab-ci-1"), attributed);

        // The audit: each action once, newest first, and nothing the engine did by itself.
        JsonNode audit = harness.getJson("/api/audit");
        List<String> actions = list(audit.get("events")).stream().map(event -> event.get("type").asText() + " "
                + event.get("source").asText() + " " + event.get("metadata").get("userId").asText()).toList();
        assertEquals(List.of("incident.created cache bob", "dashboard.saved checkout ci",
                "service.restarted auth alice", "incident.resolved auth ci", "incident.updated auth alice",
                "incident.updated auth alice", "incident.created auth ci"), actions);
        assertFalse(audit.toString().contains("s3cret"), "no token in the audit");
        assertEquals(List.of("service.restarted auth alice"), list(harness.getJson(
                "/api/audit?service=auth&pattern=service.*").get("events")).stream().map(event -> event.get("type")
                .asText() + " " + event.get("source").asText() + " " + event.get("metadata").get("userId").asText())
                .toList());
    }

    @Test
    void aBadSessionIdIsRefusedWithItsName() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/incidents", "{\"service\":\"auth\",\"description\":\"x\","
                + "\"severity\":\"low\"}", "alice-s3cret", "tab 1; drop");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("X-Session-Id"), bad.body());
    }
}
