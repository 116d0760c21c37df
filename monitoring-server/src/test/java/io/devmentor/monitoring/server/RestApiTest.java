package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The REST routes of a running server, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ServerHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new ServerHarness(dir, Map.of("FRONTEND_URL", "http://dashboard.local:3001"));
        Await.until(WAIT, "auth and the server itself checked", () ->
                harness.server.monitoring().services().stream().allMatch(s -> s.status() == HealthStatus.UP));
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void healthAnswersInTheSeedsShape() throws Exception {
        HttpResponse<String> response = harness.get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = harness.json.readTree(response.body());
        assertEquals("healthy", body.get("status").asText());
        assertTrue(body.get("timestamp").asText().endsWith("Z"));
    }

    @Test
    void servicesListsTheConfiguredServicesAndTheServerItself() throws Exception {
        JsonNode services = harness.getJson("/api/services");
        assertEquals("healthy", services.path("auth").path("status").asText());
        assertTrue(services.path("auth").path("critical").asBoolean());
        assertTrue(services.path("auth").path("uptime").isNumber());
        assertTrue(services.path("auth").path("metrics").path("checks").asLong() >= 1);
        assertEquals("HTTP 200", services.path("auth").path("lastCheck").path("message").asText());
        assertEquals("healthy", services.path(MonitoringServer.SELF).path("status").asText(), "it watches itself");

        JsonNode auth = harness.getJson("/api/services/auth");
        assertEquals("auth", auth.get("name").asText());
        assertEquals("up", auth.get("state").asText());
    }

    @Test
    void anUnknownServiceIsAJson404() throws Exception {
        HttpResponse<String> response = harness.get("/api/services/nope");
        assertEquals(404, response.statusCode());
        assertEquals("no service named 'nope'", harness.json.readTree(response.body()).get("error").asText());
    }

    @Test
    void metricsHasServicesAndSystem() throws Exception {
        Await.until(WAIT, "system metrics", () -> harness.server.monitoring().systemMetrics().isPresent());
        JsonNode metrics = harness.getJson("/api/metrics");
        assertEquals("healthy", metrics.path("services").path("auth").path("status").asText());
        JsonNode system = metrics.path("system");
        assertTrue(system.path("cpu").path("usage").isNumber());
        assertEquals(Runtime.getRuntime().availableProcessors(), system.path("cpu").path("cores").asInt());
        assertTrue(system.path("memory").path("used").asLong() > 0);
        assertTrue(system.path("memory").path("total").asLong() >= system.path("memory").path("used").asLong());
        assertTrue(system.path("disks").isArray() && system.path("disks").size() > 0);
    }

    @Test
    void eventsAreFilteredByPatternAndServiceAndLimited() throws Exception {
        Await.until(WAIT, "service.up events", () -> harness.server.monitoring()
                .events(io.devmentor.monitoring.core.EventFilter.of("service.up"), 10).size() >= 2);
        JsonNode all = harness.getJson("/api/events?pattern=service.*&limit=100");
        assertTrue(all.get("count").asInt() >= 2);
        for (JsonNode event : all.get("events")) {
            assertTrue(event.get("type").asText().startsWith("service."));
            assertTrue(event.has("id") && event.has("timestamp") && event.has("metadata"));
        }
        JsonNode auth = harness.getJson("/api/events?pattern=service.up&service=auth");
        assertEquals(1, auth.get("count").asInt());
        assertEquals("auth", auth.get("events").get(0).get("source").asText());
        assertEquals("info", auth.get("events").get(0).get("severity").asText());
        assertEquals(1, harness.getJson("/api/events?limit=1").get("events").size());
    }

    @Test
    void malformedInputIsAJson400ThatNamesTheProblem() throws Exception {
        assertBadRequest("/api/events?limit=abc", "limit must be a whole number from 1 to 1000, was 'abc'");
        assertBadRequest("/api/events?limit=0", "limit must be a whole number from 1 to 1000, was '0'");
        assertBadRequest("/api/events?limit=100000", "limit must be a whole number from 1 to 1000");
        assertBadRequest("/api/events?pattern=service.%3Cscript%3E", "event pattern must be");
        assertBadRequest("/api/events?colour=red", "unknown query parameter 'colour'");
    }

    private void assertBadRequest(String path, String message) throws Exception {
        HttpResponse<String> response = harness.get(path);
        assertEquals(400, response.statusCode(), path);
        String error = harness.json.readTree(response.body()).get("error").asText();
        assertTrue(error.contains(message), "'" + error + "' should contain '" + message + "'");
        assertFalse(response.body().contains("Exception"), "no stack trace: " + response.body());
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() throws Exception {
        HttpResponse<String> missing = harness.get("/api/nothing-here");
        assertEquals(404, missing.statusCode());
        assertEquals("/api/nothing-here", harness.json.readTree(missing.body()).get("path").asText());
        HttpResponse<String> wrongMethod = harness.send("DELETE", "/api/services", "");
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(harness.json.readTree(wrongMethod.body()).get("error").asText().contains("DELETE"));
    }

    @Test
    void corsAnswersOnlyTheFrontendOrigin() throws Exception {
        HttpResponse<String> allowed = harness.client.send(java.net.http.HttpRequest.newBuilder(harness.uri("/health"))
                .header("Origin", "http://dashboard.local:3001").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("http://dashboard.local:3001",
                allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        HttpResponse<String> other = harness.client.send(java.net.http.HttpRequest.newBuilder(harness.uri("/health"))
                .header("Origin", "http://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void metricHistoryIsKeptAndReadInSteps() throws Exception {
        Await.until(WAIT, "system metrics", () -> harness.server.monitoring().systemMetrics().isPresent());
        JsonNode series = harness.getJson("/api/metrics/series").get("series");
        List<String> names = new java.util.ArrayList<>();
        series.forEach(s -> names.add(s.asText()));
        assertTrue(names.contains("system.cpu.usage.percent"), names.toString());
        assertTrue(names.contains("service.response.time{service=auth}"), names.toString());
        JsonNode history = harness.getJson("/api/metrics/history?series=service.response.time%7Bservice%3Dauth%7D"
                + "&step=5m");
        assertEquals(300, history.get("stepSeconds").asInt());
        JsonNode point = history.get("points").get(0);
        assertTrue(point.get("count").asInt() >= 1);
        assertTrue(point.get("max").asDouble() >= point.get("min").asDouble());
        assertBadRequest("/api/metrics/history", "series is required");
        assertBadRequest("/api/metrics/history?series=x&step=10", "step must be at least 60 seconds");
        assertBadRequest("/api/metrics/history?series=x&from=yesterday", "from must be an ISO-8601 time");
        assertBadRequest("/api/metrics/history?series=x&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "from must be before to");
        assertBadRequest("/api/metrics/history?series=x&from=0&step=1m", "at most 10000 steps");
    }

    @Test
    void prometheusExposesTheSeedsMetricNames() throws Exception {
        Await.until(WAIT, "system metrics", () -> harness.server.monitoring().systemMetrics().isPresent());
        harness.get("/health");
        HttpResponse<String> response = harness.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String text = response.body();
        assertTrue(text.contains("service_health_status{service=\"auth\"} 1.0"), "service_health_status");
        assertTrue(text.contains("service_error_rate{service=\"auth\"}"), "service_error_rate");
        assertTrue(text.contains("http_request_duration_seconds_count{method=\"GET\",route=\"/health\"}"),
                "http_request_duration_seconds, with the seed's labels");
        assertTrue(text.contains("http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"),
                "http_requests_total, by status");
        assertTrue(text.contains("\nsystem_cpu_usage_percent "), "system_cpu_usage_percent");
        assertTrue(text.contains("\nsystem_memory_usage_bytes "), "system_memory_usage_bytes");
        assertTrue(text.contains("health_check_schedule_delay_seconds"), "schedule delay");
    }

    @Test
    void theProbesAnswerInTheMicroProfileHealthForm() throws Exception {
        for (String probe : List.of("live", "ready", "started")) {
            HttpResponse<String> response = harness.get("/health/" + probe);
            assertEquals(200, response.statusCode(), probe);
            JsonNode body = harness.json.readTree(response.body());
            assertEquals("UP", body.get("status").asText(), probe);
            assertEquals("UP", body.get("checks").get(0).get("status").asText(), probe);
            assertTrue(body.get("checks").get(0).get("name").asText().startsWith("monitoring-server"), probe);
            assertEquals(3, body.get("checks").get(0).get("data").get("services").asInt(),
                    "the harness's auth and cache, and the server watching itself");
        }
        assertEquals("healthy", harness.getJson("/health").get("status").asText(), "/health stays the seed's");
    }

    @Test
    void everyAnswerOfADeclaredRouteIsMeasuredUnderItsTemplate() throws Exception {
        assertEquals(403, harness.send("POST", "/api/incidents", "{}").statusCode(), "no token configured");
        assertEquals(404, harness.get("/api/incidents/no-such-incident").statusCode());
        HttpResponse<String> wrongMethod = harness.send("DELETE", "/api/services", "");
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(wrongMethod.body().contains("(allowed: GET)"), wrongMethod.body());
        assertEquals(404, harness.get("/api/nothing-here").statusCode());
        String text = harness.get("/metrics").body();
        for (String series : List.of("{method=\"POST\",route=\"/api/incidents\",status=\"403\"}",
                "{method=\"GET\",route=\"/api/incidents/{id}\",status=\"404\"}",
                "{method=\"DELETE\",route=\"/api/services\",status=\"405\"}",
                "{method=\"GET\",route=\"unmatched\",status=\"404\"}")) {
            assertTrue(text.contains("http_requests_total" + series), series);
            String withoutStatus = series.substring(0, series.indexOf(",status=")) + "}";
            assertTrue(text.contains("http_request_duration_seconds_count" + withoutStatus), withoutStatus);
        }
    }
}
