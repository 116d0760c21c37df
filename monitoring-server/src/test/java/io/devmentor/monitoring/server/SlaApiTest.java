package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objectives through the server: a real HTTP target with an SLA, failing until its budget burns. */
class SlaApiTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void theSlaRoutesReportComplianceAndABurnRateAlert() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        target.start();
        Files.writeString(dir.resolve("monitoring.yml"), String.join("\n", "services:",
                "  checkout:",
                "    url: http://127.0.0.1:" + target.getAddress().getPort(),
                "    interval: 50",
                "    retryAttempts: 0",
                "    sla:",
                "      availability: 99.5",
                "      latency: 300",
                "      latencyPercentile: 99",
                "  search:",
                "    url: http://127.0.0.1:" + target.getAddress().getPort(),
                ""));
        try (MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(Map.of(
                "PORT", "0", "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "60000", "SLA_EVALUATION_INTERVAL", "200"), dir), "127.0.0.1")) {
            Await.until(Duration.ofSeconds(10), "checks counted", () ->
                    json(server, "/api/sla/checkout").path("compliance").path("1d").path("checks").asLong() >= 20);
            JsonNode all = json(server, "/api/sla");
            assertEquals(1, all.path("services").size(), "only checkout has objectives: " + all);
            JsonNode report = all.path("services").get(0);
            assertEquals("checkout", report.path("service").asText());
            assertEquals(99.5, report.path("objectives").path("availability").asDouble());
            assertEquals(300, report.path("objectives").path("latencyMs").asLong());
            assertEquals(100.0, report.path("compliance").path("1d").path("availability").asDouble());
            assertEquals(1.0, report.path("compliance").path("1d").path("errorBudgetLeft").path("availability").asDouble());
            assertTrue(report.path("burnRates").path("availability").has("5m"));
            assertTrue(report.path("burnRates").path("latency").has("6h"));

            status.set(503);
            Await.until(Duration.ofSeconds(15), "a burn-rate alert", () ->
                    json(server, "/api/sla/checkout").path("alerts").size() > 0);
            JsonNode alert = json(server, "/api/sla/checkout").path("alerts").get(0);
            assertEquals("availability", alert.path("objective").asText());
            assertTrue(alert.path("shortBurnRate").asDouble() > 6, alert.toString());
            Await.until(Duration.ofSeconds(10), "its incident", () -> {
                for (JsonNode incident : json(server, "/api/incidents?service=checkout").path("incidents")) {
                    if (incident.path("cause").asText().equals("sla.availability")) {
                        return true;
                    }
                }
                return false;
            });
            JsonNode events = json(server, "/api/events?pattern=sla.*");
            assertTrue(events.path("count").asInt() >= 1, events.toString());

            assertEquals(404, get(server, "/api/sla/search").statusCode());
            assertTrue(get(server, "/api/sla/search").body().contains("has no objectives"));
            assertTrue(get(server, "/api/sla/nobody").body().contains("no service named 'nobody'"));
            assertEquals(405, client.send(HttpRequest.newBuilder(uri(server, "/api/sla"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            target.stop(0);
        }
    }

    private URI uri(MonitoringServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(MonitoringServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(MonitoringServer server, String path) {
        try {
            return new ObjectMapper().readTree(get(server, path).body());
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
