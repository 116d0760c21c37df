package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document, made from the routes, is true: it describes exactly the routes the server has, and every
 * route, called as a client would on a server with an incident, a dashboard, an SLA and history, answers with a
 * status it documents and a body valid against the schema it documents for that status.
 */
class OpenApiTest {

    private static final String TOKEN = "token-for-the-api-reference";

    @TempDir
    Path dir;

    /** A call of one route, and the route's template as the document names it. */
    private record Call(String method, String template, String path, String body) {
    }

    @Test
    void everyRouteAnswersAsTheGeneratedDocumentSaysAndEveryRouteIsInIt() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN,
                "NIGHTLY_PUSH_TOKEN", "push-token-for-the-reference"),
                List.of("sla:", "  availability: 99.9", "  latency: 300"),
                List.of("nightly: {type: push, interval: 60000, settings: {token: '${NIGHTLY_PUSH_TOKEN}'}}"),
                List.of("statusPage: {groups: [{name: Public, services: [auth]}]}"))) {
            Await.until(Duration.ofSeconds(10), "auth checked", () -> {
                try {
                    return harness.getJson("/api/services/auth").path("metrics").path("checks").asLong() > 2;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> served = harness.get("/api/openapi.json");
            assertEquals(200, served.statusCode());
            JsonNode doc = harness.json.readTree(served.body());
            assertEquals("3.1.0", doc.path("openapi").asText());
            DocumentedAnswers answers = new DocumentedAnswers(doc);

            String incident = harness.json.readTree(send(harness, "POST", "/api/incidents",
                    "{\"service\":\"auth\",\"description\":\"for the reference\",\"severity\":\"low\"}", true).body())
                    .path("id").asText();
            String incidentPath = "/api/incidents/" + incident;
            String window = harness.json.readTree(send(harness, "POST", "/api/maintenance", "{\"start\":"
                    + "\"2026-01-01T00:00:00Z\",\"end\":\"2999-01-01T00:00:00Z\",\"reason\":\"to cancel\"}", true).body())
                    .path("id").asText();
            String series = harness.getJson("/api/metrics/series").path("series").path(0)
                    .asText("system.cpu.usage.percent");
            String panels = "{\"panels\":[{\"title\":\"CPU\",\"kind\":\"series\",\"target\":\"" + series
                    + "\",\"chart\":\"line\",\"range\":\"1h\"}]}";
            List<Call> calls = List.of(
                    new Call("GET", "/health", "/health", null),
                    new Call("GET", "/health/live", "/health/live", null),
                    new Call("GET", "/health/ready", "/health/ready", null),
                    new Call("GET", "/health/started", "/health/started", null),
                    new Call("GET", "/metrics", "/metrics", null),
                    new Call("GET", "/", "/", null),
                    new Call("GET", "/api/openapi.json", "/api/openapi.json", null),
                    new Call("GET", "/api/services", "/api/services", null),
                    new Call("GET", "/api/services/{name}", "/api/services/auth", null),
                    new Call("GET", "/api/services/{name}", "/api/services/nope", null),
                    new Call("POST", "/api/services/{name}/restart", "/api/services/auth/restart", ""),
                    new Call("GET", "/status", "/status", null),
                    new Call("GET", "/api/status", "/api/status", null),
                    new Call("GET", "/api/heartbeats", "/api/heartbeats", null),
                    new Call("GET", "/api/heartbeats", "/api/heartbeats?service=auth,nope", null),
                    new Call("GET", "/api/uptime", "/api/uptime?service=auth", null),
                    new Call("GET", "/api/uptime", "/api/uptime?service=nope", null),
                    new Call("GET", "/api/metrics", "/api/metrics", null),
                    new Call("POST", "/api/push/{service}", "/api/push/nightly?status=up&msg=ok&ping=12"
                            + "&token=push-token-for-the-reference", null),
                    new Call("POST", "/api/push/{service}", "/api/push/nightly?token=wrong", null),
                    new Call("POST", "/api/push/{service}", "/api/push/auth?token=wrong", null),
                    new Call("GET", "/api/metrics/series", "/api/metrics/series", null),
                    new Call("GET", "/api/metrics/history", "/api/metrics/history?series=" + series + "&step=5m",
                            null),
                    new Call("GET", "/api/metrics/history", "/api/metrics/history?series=" + series + "&step=1s",
                            null),
                    new Call("GET", "/api/events", "/api/events?limit=50", null),
                    new Call("GET", "/api/events", "/api/events?limit=0", null),
                    new Call("GET", "/api/audit", "/api/audit?limit=10", null),
                    new Call("GET", "/api/audit", "/api/audit?cursor=x", null),
                    new Call("POST", "/api/incidents/{id}/acknowledge", incidentPath + "/acknowledge",
                            "{\"note\":\"looking\",\"actor\":\"alice\"}"),
                    new Call("POST", "/api/incidents/{id}/comments", incidentPath + "/comments",
                            "{\"text\":\"a comment\"}"),
                    new Call("GET", "/api/incidents/{id}/analysis", incidentPath + "/analysis", null),
                    new Call("POST", "/api/incidents/{id}/resolve", incidentPath + "/resolve", "{}"),
                    new Call("POST", "/api/incidents/{id}/resolve", incidentPath + "/resolve", "{}"),
                    new Call("POST", "/api/incidents", "/api/incidents",
                            "{\"service\":\"auth\",\"description\":\"second\",\"severity\":\"critical\"}"),
                    new Call("POST", "/api/incidents", "/api/incidents", "{\"service\":\"auth\"}"),
                    new Call("GET", "/api/incidents", "/api/incidents?status=all&limit=10", null),
                    new Call("GET", "/api/incidents/{id}", incidentPath, null),
                    new Call("GET", "/api/incidents/{id}", "/api/incidents/no-such-incident", null),
                    new Call("GET", "/api/notifications", "/api/notifications", null),
                    new Call("GET", "/api/plugins", "/api/plugins", null),
                    new Call("GET", "/api/predictions", "/api/predictions", null),
                    new Call("PUT", "/api/dashboards/{name}", "/api/dashboards/main", panels),
                    new Call("GET", "/api/dashboards", "/api/dashboards", null),
                    new Call("GET", "/api/dashboards/{name}", "/api/dashboards/main", null),
                    new Call("DELETE", "/api/dashboards/{name}", "/api/dashboards/main", null),
                    new Call("DELETE", "/api/dashboards/{name}", "/api/dashboards/main", null),
                    new Call("POST", "/api/maintenance", "/api/maintenance", "{\"services\":[\"auth\"],\"start\":"
                            + "\"2026-01-01T00:00:00Z\",\"end\":\"2999-01-01T00:00:00Z\",\"reason\":\"upgrade\"}"),
                    new Call("POST", "/api/maintenance", "/api/maintenance", "{\"start\":\"soon\"}"),
                    new Call("GET", "/api/maintenance", "/api/maintenance", null),
                    new Call("DELETE", "/api/maintenance/{id}", "/api/maintenance/" + window, null),
                    new Call("DELETE", "/api/maintenance/{id}", "/api/maintenance/no-such-window", null),
                    new Call("GET", "/api/patterns", "/api/patterns", null),
                    new Call("GET", "/api/sla", "/api/sla", null),
                    new Call("GET", "/api/sla/{service}", "/api/sla/auth", null),
                    new Call("GET", "/api/sla/{service}", "/api/sla/cache", null),
                    new Call("GET", "/api/baselines", "/api/baselines", null),
                    new Call("GET", "/api/knowledge", "/api/knowledge", null),
                    new Call("GET", "/api/cluster", "/api/cluster", null));

            List<String> problems = new ArrayList<>();
            Map<String, Set<Integer>> seen = new TreeMap<>();
            for (Call call : calls) {
                HttpResponse<String> answer = send(harness, call.method(), call.path(), call.body(),
                        call.body() != null || call.method().equals("DELETE"));
                seen.computeIfAbsent(call.method() + " " + call.template(), k -> new TreeSet<>())
                        .add(answer.statusCode());
                problems.addAll(answers.problems(call.method(), call.template(), answer.statusCode(),
                        answer.headers().firstValue("Content-Type").orElse(""), answer.body()));
                if (call.body() != null || call.method().equals("DELETE")) {
                    HttpResponse<String> refused = send(harness, call.method(), call.path(), call.body(), false);
                    assertEquals(401, refused.statusCode(), call + " without the token");
                    problems.addAll(answers.problems(call.method(), call.template(), 401,
                            refused.headers().firstValue("Content-Type").orElse(""), refused.body()));
                }
            }
            assertEquals(List.of(), problems.stream().limit(10).toList(), problems.size() + " answers break the document");

            // Every route was called, and answered a success at least once.
            Set<String> declared = new TreeSet<>(harness.server.declaredRoutes());
            assertEquals(declared, seen.keySet(), "routes called");
            seen.forEach((route, statuses) -> assertTrue(statuses.stream().anyMatch(s -> s < 300),
                    route + " answered only " + statuses));
            assertTrue(seen.get("GET /api/incidents/{id}").contains(404), seen.toString());
            assertTrue(seen.get("POST /api/incidents/{id}/resolve").contains(409), seen.toString());
            assertTrue(seen.get("GET /api/metrics/history").contains(400), seen.toString());

            // The document describes exactly the declared routes.
            Set<String> documented = new TreeSet<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                path.getValue().fieldNames().forEachRemaining(method -> documented.add(
                        method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
            }
            assertEquals(declared, documented);
            assertEquals(Set.of("low", "medium", "high", "critical"), enumOf(doc.at(
                    "/components/schemas/Incident/properties/severity")), "the seed's words");

            HttpResponse<String> page = harness.get("/docs/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("swagger-ui-bundle.js") && page.body().contains("/docs/docs.js"));
            assertTrue(harness.get("/docs/docs.js").body().contains("/api/openapi.json"),
                    "the page's script reads the document");
            HttpResponse<String> bundle = harness.get("/docs/swagger-ui-bundle.js");
            assertEquals(200, bundle.statusCode(), "swagger-ui from its WebJar");
            assertTrue(bundle.body().length() > 100_000);
        }
    }

    private static Set<String> enumOf(JsonNode schema) {
        Set<String> values = new TreeSet<>();
        schema.path("enum").forEach(value -> values.add(value.asText()));
        return values;
    }

    private static HttpResponse<String> send(ServerHarness harness, String method, String path, String body,
            boolean token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
