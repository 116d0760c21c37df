package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions through the server: a real HTTP target that answers at once, then slowly for a while; the
 * anomaly detector sees its response time, and the prediction reaches WebSocket clients and
 * {@code GET /api/predictions}.
 */
class PredictionApiTest {

    @TempDir
    Path dir;

    @Test
    void aServiceThatTurnsSlowIsPredictedOverWebSocketAndRest() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        // Slow from the 400th answer until the test has read the predictions, so that the condition lasts.
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/", exchange -> {
            int n = answers.incrementAndGet();
            if (n > 400 && !released.get()) {
                try {
                    Thread.sleep(400); // slow until released, then fast again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        Files.writeString(dir.resolve("monitoring.yml"), String.join("\n", "services:", "  checkout:",
                "    url: http://127.0.0.1:" + target.getAddress().getPort(), "    interval: 20",
                "    retryAttempts: 0", ""));
        try (MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(Map.of(
                "PORT", "0", "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "60000", "PREDICTIVE_MAINTENANCE_INTERVAL", "50"), dir), "127.0.0.1",
                // The detector learns for an hour before it predicts: here that hour passes in about 7 s.
                new FastClock(500))) {
            WsClient client = WsClient.connect(server.port());
            assertTrue(client.next("initialState").path("data").path("predictions").isArray());
            JsonNode prediction = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (prediction == null && System.nanoTime() < deadline) {
                JsonNode message = client.next("prediction").path("data");
                if (message.path("service").asText().equals("checkout")
                        && message.path("type").asText().equals("anomaly_detection")) {
                    prediction = message;
                }
            }
            assertTrue(prediction != null, "a prediction about checkout");
            assertEquals("anomaly_detection", prediction.path("type").asText());
            assertEquals("service.response.time{service=checkout}", prediction.path("evidence").path("series").asText());
            assertTrue(prediction.path("evidence").path("value").asDouble() >= 0.3, prediction.toString());
            assertTrue(prediction.path("confidence").asDouble() >= 0.8, prediction.toString());

            JsonNode listed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                            + "/api/predictions")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(listed.isArray(), "the seed's shape: an array");
            boolean found = false;
            for (JsonNode item : listed) {
                found |= item.path("service").asText().equals("checkout")
                        && item.path("type").asText().equals("anomaly_detection") && item.has("suggestion")
                        && item.has("severity") && item.has("message");
            }
            released.set(true);
            assertTrue(found, "listed while it lasts: " + listed);

            Await.until(Duration.ofSeconds(10), "a score gauge", () -> {
                try {
                    return get(server, "/metrics").contains("monitoring_anomaly_score{series=\"service.response.time{service=checkout}\"");
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode baselines = json(get(server, "/api/baselines?service=checkout"));
            JsonNode baseline = null;
            for (JsonNode b : baselines.path("baselines")) {
                if (b.path("series").asText().equals("service.response.time{service=checkout}")) {
                    baseline = b;
                }
            }
            assertTrue(baseline != null, baselines.toString());
            assertTrue(baseline.path("samples").asLong() > 400 && baseline.path("spread").asDouble() > 0, baseline.toString());
            assertEquals("none", baseline.path("seasonality").asText(), "two hours of data: no daily profile yet");
            assertTrue(!baseline.has("hourOfDay"), "profiles only for one series");
            JsonNode one = json(get(server, "/api/baselines?series=service.response.time%7Bservice%3Dcheckout%7D"));
            assertEquals(1, one.path("baselines").size());
            assertTrue(one.path("baselines").get(0).path("hourOfDay").isArray());
            assertTrue(get(server, "/api/baselines?series=nope").contains("no baseline for series 'nope'"));
            assertTrue(get(server, "/api/baselines?colour=red").contains("unknown query parameter 'colour'"));
        } finally {
            target.stop(0);
        }
    }

    private static String get(MonitoringServer server, String path) throws Exception {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                        + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode json(String body) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }

    /** The system clock, run faster: {@code factor} seconds for each real one, from now on. */
    static final class FastClock extends java.time.Clock {
        private final java.time.Instant start = java.time.Instant.now();
        private final long startNanos = System.nanoTime();
        private final long factor;

        FastClock(long factor) {
            this.factor = factor;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return start.plusNanos((System.nanoTime() - startNanos) * factor);
        }
    }
}
