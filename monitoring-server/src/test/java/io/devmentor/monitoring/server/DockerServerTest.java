package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.docker.PodmanEngine;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with the Docker adapter on a real Docker Engine API (podman's): containers as services over REST,
 * WebSocket and {@code /metrics}, restarts behind the token and the allow list; and the server as before
 * without a Docker socket.
 */
class DockerServerTest {

    private static final String TOKEN = "docker-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void containersAreServicesWithMetricsAndRestartsOverRestAndWebSocket() throws Exception {
        try (PodmanEngine podman = PodmanEngine.start()) {
            podman.run("web-1", "--label=devmentor.monitor=true", "--label=devmentor.interval=600000");
            podman.run("ledger-1", "--label=devmentor.monitor=true");
            try (ServerHarness harness = new ServerHarness(dir, Map.of("DOCKER_HOST", podman.dockerHost(),
                    "MONITORING_API_TOKEN", TOKEN, "DOCKER_RESTART_ALLOWED", "web-1",
                    "METRICS_COLLECTION_INTERVAL", "1000"))) {
                Await.until(WAIT, "web-1 healthy in /api/services", () -> "healthy".equals(
                        json(harness, "/api/services").path("web-1").path("status").asText()));
                assertEquals("container running", harness.getJson("/api/services").path("web-1").path("lastCheck")
                        .path("message").asText());

                Await.until(WAIT, "web-1 in the docker section of /api/metrics", () -> container(
                        json(harness, "/api/metrics"), "web-1").path("memory").path("used").asLong() > 0);
                JsonNode web = container(harness.getJson("/api/metrics"), "web-1");
                assertEquals("web-1", web.path("service").asText());
                assertTrue(web.path("memory").path("limit").asLong() > 0, web.toString());
                assertTrue(web.path("network").path("rxBytes").isNumber(), web.toString());
                assertEquals(0, web.path("restarts").asLong());
                String prometheus = harness.client.send(HttpRequest.newBuilder(harness.uri("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(prometheus.contains("container_memory_usage_bytes{container=\"web-1\",service=\"web-1\"}"),
                        "container metrics in /metrics");
                assertTrue(prometheus.contains("service_health_status{service=\"web-1\"} 1.0"), "and its health");

                WsClient client = WsClient.connect(harness.server.port());
                client.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"service.down\"],\"services\":[\"web-1\"]}}");
                client.next("subscribed");
                client.send("{\"event\":\"restartService\",\"data\":{\"service\":\"web-1\",\"token\":\"" + TOKEN + "\"}}");
                JsonNode restarted = client.next("serviceRestarted").get("data");
                assertEquals("web-1", restarted.get("service").asText());
                assertTrue(restarted.get("success").asBoolean(), restarted.toString());

                HttpResponse<String> refused = harness.client.send(HttpRequest.newBuilder(
                                harness.uri("/api/services/ledger-1/restart"))
                        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(409, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("no service controller can restart 'ledger-1'")
                        && refused.body().contains("DOCKER_RESTART_ALLOWED"), refused.body());
                assertEquals("running", podman.podman("inspect", "--format", "{{.State.Status}}", "ledger-1").strip());

                // Checked every 10 minutes: the event stream brings the outage to the WebSocket client.
                podman.podman("kill", "web-1");
                JsonNode down = client.next("service.down");
                assertEquals("web-1", down.path("data").path("source").asText(), down.toString());
            }
        }
    }

    @Test
    void withoutADockerSocketTheServerRunsAsBefore() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("DOCKER_HOST",
                "unix://" + dir.resolve("no-docker.sock")))) {
            Await.until(WAIT, "auth healthy", () -> "healthy".equals(
                    json(harness, "/api/services").path("auth").path("status").asText()));
            // The first collection round may come after the first check.
            Await.until(WAIT, "system metrics", () -> json(harness, "/api/metrics").path("system").path("cpu")
                    .has("usage"));
            JsonNode metrics = harness.getJson("/api/metrics");
            assertTrue(metrics.path("docker").isArray() && metrics.path("docker").isEmpty(),
                    "an empty docker list without the adapter's collector, as the seed's clients read data.docker");
            assertTrue(metrics.path("system").path("cpu").has("usage"));
            boolean explained = false;
            for (JsonNode plugin : harness.getJson("/api/plugins")) {
                if (plugin.path("name").asText().equals("docker")) {
                    assertEquals("unavailable", plugin.path("state").asText().toLowerCase(java.util.Locale.ROOT));
                    explained = plugin.path("reason").asText().contains("no Docker socket at");
                }
            }
            assertTrue(explained, "/api/plugins says why the Docker adapter is off");
        }
    }

    /** A GET for conditions to poll: a failed call reads as nothing yet. */
    private static JsonNode json(ServerHarness harness, String path) {
        try {
            return harness.getJson(path);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static JsonNode container(JsonNode metrics, String name) {
        for (JsonNode container : metrics.path("docker")) {
            if (container.path("container").asText().equals(name)) {
                return container;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
