package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The incident routes over real HTTP: lifecycle, authentication, and every kind of bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentApiTest {

    private static final String TOKEN = "s3cret-token-for-tests";
    private ServerHarness harness;
    /** A real webhook receiver: every incident of these tests is notified to it. */
    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        receiver.createContext("/", exchange -> {
            received.add(new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN, "MONITORING_WEBHOOK_URL",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
    }

    @AfterAll
    void stop() {
        harness.close();
        receiver.stop(0);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return harness.json.readTree(response.body());
    }

    @Test
    void aJsonBodyDeclaredFormEncodedAsCurlDashDSendsItIsReadAsJson() throws Exception {
        HttpResponse<String> created = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/incidents"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"ledger\",\"description\":\"from curl -d\","
                        + "\"severity\":\"low\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("from curl -d", json(created).get("description").asText());
    }

    @Test
    void anIncidentIsCreatedAcknowledgedCommentedAndResolved() throws Exception {
        HttpResponse<String> created = post("/api/incidents",
                "{\"service\":\"auth\",\"description\":\"Service not responding\",\"severity\":\"high\",\"actor\":\"alice\"}",
                TOKEN);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").asText();
        assertEquals("open", json(created).get("status").asText());
        assertEquals("high", json(created).get("severity").asText());

        HttpResponse<String> ack = post("/api/incidents/" + id + "/acknowledge", "{\"note\":\"on it\"}", TOKEN);
        assertEquals(200, ack.statusCode());
        assertEquals("acknowledged", json(ack).get("status").asText());
        HttpResponse<String> again = post("/api/incidents/" + id + "/acknowledge", "", TOKEN);
        assertEquals(409, again.statusCode());
        assertTrue(json(again).get("error").asText().contains("only an open incident can be acknowledged"));

        HttpResponse<String> comment = post("/api/incidents/" + id + "/comments",
                "{\"text\":\"certificate expired\",\"actor\":\"bob\"}", TOKEN);
        assertEquals(201, comment.statusCode());
        HttpResponse<String> resolved = post("/api/incidents/" + id + "/resolve", "{}", TOKEN);
        assertEquals("resolved", json(resolved).get("status").asText());

        JsonNode incident = harness.getJson("/api/incidents/" + id);
        List<JsonNode> timeline = new ArrayList<>();
        incident.get("timeline").forEach(entry -> {
            if (!entry.get("kind").asText().startsWith("notif")) { // a notification's outcome, if one was sent
                timeline.add(entry);
            }
        });
        assertEquals(4, timeline.size(), incident.toString());
        assertEquals("alice", timeline.get(0).get("actor").asText());
        assertEquals("on it", timeline.get(1).get("message").asText());
        assertEquals("bob", timeline.get(2).get("actor").asText());
        assertEquals("api", timeline.get(3).get("actor").asText());
        assertProblem(harness.get("/api/notifications?limit=abc"), 400, "limit must be a whole number");

        JsonNode resolvedList = harness.getJson("/api/incidents?status=resolved&service=auth");
        assertTrue(resolvedList.get("total").asLong() >= 1);
        for (JsonNode item : resolvedList.get("incidents")) {
            assertEquals("resolved", item.get("status").asText());
        }
    }

    @Test
    void anIncidentIsNotifiedAndSoAreItsAcknowledgementAndResolution() throws Exception {
        HttpResponse<String> created = post("/api/incidents",
                "{\"service\":\"billing\",\"description\":\"Invoices fail\",\"severity\":\"high\"}", TOKEN);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").asText();
        Await.until(Duration.ofSeconds(10), "the opening at the webhook", () -> transitions(id).contains("opened"));
        assertEquals(200, post("/api/incidents/" + id + "/acknowledge", "{}", TOKEN).statusCode());
        assertEquals(200, post("/api/incidents/" + id + "/resolve", "{}", TOKEN).statusCode());
        Await.until(Duration.ofSeconds(10), "the resolution at the webhook",
                () -> transitions(id).contains("resolved"));
        assertEquals(List.of("opened", "acknowledged", "resolved"), transitions(id), "each once, in order");

        // The receiver has the body before the server has its answer: the log says delivered a moment later.
        Await.until(Duration.ofSeconds(10), "the resolution logged as delivered",
                () -> notificationLog(id).contains("resolved:delivered"));
        assertEquals(List.of("resolved:delivered", "acknowledged:delivered", "opened:delivered"), notificationLog(id),
                "the log, newest first");
    }

    /** The notification log of an incident, newest first, as transition:status; every entry the webhook's. */
    private List<String> notificationLog(String incidentId) {
        try {
            JsonNode log = harness.getJson("/api/notifications?incident=" + incidentId);
            List<String> entries = new ArrayList<>();
            log.get("notifications").forEach(n -> {
                assertEquals("webhook", n.get("channel").asText());
                assertEquals("billing", n.get("service").asText());
                entries.add(n.get("transition").asText() + ":" + n.get("status").asText());
            });
            assertEquals(entries.size(), log.get("count").asInt());
            return entries;
        } catch (Exception e) {
            throw new AssertionError("the notification log cannot be read: " + e, e);
        }
    }

    /** The transitions the webhook received for an incident, in the order they came. */
    private List<String> transitions(String incidentId) {
        return received.stream().filter(body -> body.path("incident").path("id").asText().equals(incidentId))
                .map(body -> body.path("transition").asText()).toList();
    }

    @Test
    void incidentsOfOneCauseThatComeBackAreAPattern() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(201, post("/api/incidents", "{\"service\":\"patterned\",\"description\":\"again\","
                    + "\"severity\":\"low\"}", TOKEN).statusCode());
        }
        JsonNode patterns = harness.getJson("/api/patterns?service=patterned");
        assertEquals(1, patterns.get("recurring").size(), patterns.toString());
        JsonNode recurring = patterns.get("recurring").get(0);
        assertEquals("patterned", recurring.get("service").asText());
        assertEquals("manual", recurring.get("cause").asText());
        assertEquals("repeated", recurring.get("kind").asText(), "all on one day: no daily pattern yet");
        assertEquals(3, recurring.get("incidents").asInt());
        assertTrue(patterns.get("correlated").isArray());
        assertTrue(harness.getJson("/api/patterns").get("recurring").isArray());
        assertProblem(harness.get("/api/patterns?colour=red"), 400, "unknown query parameter 'colour'");
    }

    @Test
    void mutatingRoutesNeedTheBearerToken() throws Exception {
        String body = "{\"service\":\"auth\",\"description\":\"x\",\"severity\":\"low\"}";
        HttpResponse<String> none = post("/api/incidents", body, null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"devmentor-monitoring\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> wrong = post("/api/incidents", body, "guess");
        assertEquals(401, wrong.statusCode());
        assertEquals("the bearer token is not valid", json(wrong).get("error").asText());
        assertFalse(wrong.body().contains(TOKEN), "the token never appears in an answer");
        assertFalse(harness.get("/api/services").body().contains(TOKEN));
    }

    @Test
    void everyKindOfBadInputIsAJson4xxThatNamesTheProblem() throws Exception {
        assertProblem(post("/api/incidents", "{\"service\":", TOKEN), 400, "body is not valid JSON");
        HttpResponse<String> unclosed = post("/api/incidents", "{\"service\":\"auth\"", TOKEN);
        assertProblem(unclosed, 400, "body is not valid JSON: Unexpected end-of-input: expected close marker for Object"
                + " at line 1, column 18");
        assertFalse(unclosed.body().contains("Source"), "no parser internals: " + unclosed.body());
        assertProblem(post("/api/incidents", "[1,2]", TOKEN), 400, "body must be a JSON object");
        assertProblem(post("/api/incidents", "{\"service\":\"auth\",\"description\":\"x\",\"severity\":\"low\","
                + "\"colour\":\"red\"}", TOKEN), 400, "unknown field 'colour'");
        assertProblem(post("/api/incidents", "{\"service\":\"auth\",\"description\":\"x\",\"severity\":5}", TOKEN),
                400, "severity must be text, was number");
        assertProblem(post("/api/incidents", "{\"service\":\"auth\",\"severity\":\"low\"}", TOKEN), 400,
                "description is required");
        assertProblem(post("/api/incidents", "{\"service\":\"auth\",\"description\":\"x\",\"severity\":\"urgent\"}",
                TOKEN), 400, "severity must be one of low, medium, high, critical, was 'urgent'");
        assertProblem(post("/api/incidents", "{\"service\":\"no spaces!\",\"description\":\"x\",\"severity\":\"low\"}",
                TOKEN), 400, "service must be 1–128 letters");
        assertProblem(post("/api/incidents", "{\"description\":\"" + "x".repeat(70_000) + "\"}", TOKEN), 413,
                "body larger than 65536 bytes");
        assertProblem(post("/api/incidents/does-not-exist/acknowledge", "{}", TOKEN), 404, "no incident does-not-exist");
        assertProblem(post("/api/incidents/does-not-exist/comments", "{\"text\":\"hi\"}", TOKEN), 404, "no incident");
        assertProblem(harness.get("/api/incidents/does-not-exist"), 404, "no incident does-not-exist");
        assertProblem(harness.get("/api/incidents?status=bogus"), 400,
                "status must be one of open, acknowledged, resolved, all, was 'bogus'");
        assertProblem(harness.get("/api/incidents?severity=bogus"), 400, "severity must be one of");
        assertProblem(harness.get("/api/incidents?limit=0"), 400, "limit must be a whole number from 1 to 1000");
        assertProblem(harness.get("/api/incidents?offset=-1"), 400, "offset must be a whole number");
        assertProblem(harness.get("/api/incidents?sort=asc"), 400, "unknown query parameter 'sort'");
        assertProblem(harness.send("DELETE", "/api/incidents", ""), 405, "method DELETE is not allowed");
        assertProblem(post("/api/incidents/x/explode", "{}", TOKEN), 404, "no route POST");
        String id = json(post("/api/incidents", "{\"service\":\"auth\",\"description\":\"x\",\"severity\":\"low\"}",
                TOKEN)).get("id").asText();
        assertProblem(post("/api/incidents/" + id + "/acknowledge", "{\"note\":", TOKEN), 400, "body is not valid JSON");
        assertProblem(post("/api/incidents/" + id + "/acknowledge", "{\"note\":7}", TOKEN), 400, "note must be text");
        assertProblem(post("/api/incidents/" + id + "/resolve", "{\"reason\":\"x\"}", TOKEN), 400,
                "unknown field 'reason'");
        assertProblem(post("/api/incidents/" + id + "/comments", "{}", TOKEN), 400, "text is required");
        assertProblem(post("/api/incidents/" + id + "/comments", "{\"text\":\"" + "y".repeat(70_000) + "\"}",
                TOKEN), 413, "body larger than");
        assertProblem(post("/api/incidents/" + id + "/comments", "{\"text\":\"" + "y".repeat(3000) + "\"}", TOKEN),
                400, "text must be 1–2000 characters");
    }

    private void assertProblem(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String error = json(response).get("error").asText();
        assertTrue(error.contains(message), "'" + error + "' should contain '" + message + "'");
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void aServiceThatGoesDownOpensAnIncidentSeenOverRest() throws Exception {
        Await.until(Duration.ofSeconds(10), "auth up", () ->
                harness.server.monitoring().service("auth").orElseThrow().status() == HealthStatus.UP);
        harness.targetStatus.set(503);
        try {
            Await.until(Duration.ofSeconds(10), "an open incident for auth", () -> {
                try {
                    return harness.getJson("/api/incidents?status=open&service=auth").get("total").asLong() >= 1;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode incident = harness.getJson("/api/incidents?status=open&service=auth").get("incidents").get(0);
            assertEquals("down", incident.get("cause").asText());
            assertEquals("critical", incident.get("severity").asText(), "auth is a critical service");
            assertEquals("detected", incident.get("timeline").get(0).get("kind").asText());

            String id = incident.get("id").asText();
            JsonNode analysis = harness.getJson("/api/incidents/" + id + "/analysis");
            assertEquals(id, analysis.get("incidentId").asText());
            assertEquals("http_5xx", analysis.get("failureKind").asText(), analysis.toString());
            assertEquals("auth", analysis.get("rootCauses").get(0).get("service").asText(), "nothing else in trouble");
            assertEquals("http_5xx", analysis.get("suggestions").get(0).get("kind").asText());
            assertTrue(analysis.get("suggestions").get(0).get("steps").size() >= 2);
            Await.until(Duration.ofSeconds(10), "the analysis on the timeline", () -> {
                try {
                    for (JsonNode entry : harness.getJson("/api/incidents/" + id).get("timeline")) {
                        if (entry.get("kind").asText().equals("analysis")) {
                            return entry.get("data").get("rootCauses").get(0).get("service").asText().equals("auth");
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            assertProblem(harness.get("/api/incidents/no-such-id/analysis"), 404, "no incident no-such-id");
            assertEquals(405, post("/api/incidents/" + id + "/analysis", "{}", TOKEN).statusCode());
            JsonNode knowledge = harness.getJson("/api/knowledge");
            java.util.Set<String> kinds = new java.util.HashSet<>();
            knowledge.get("entries").forEach(e -> kinds.add(e.get("kind").asText()));
            assertTrue(kinds.containsAll(java.util.Set.of("connection_refused", "timeout", "http_5xx", "certificate",
                    "disk_full", "memory_leak", "capacity_planning")), kinds.toString());
        } finally {
            harness.targetStatus.set(200);
        }
    }
}
