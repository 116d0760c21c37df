package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One incident, three ways out of the server: the REST answer, the webhook notifier's payload and the PostgreSQL
 * store's outbox (the database is away, so the write waits there, as during an outage). Each has the same
 * fields, of the same JSON types, with the same values but the timeline, which grows as the notification is
 * recorded; the outbox's form adds its format version.
 */
class IncidentShapeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theApiTheWebhookAndTheOutboxWriteOneShape(@TempDir Path dir) throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/", exchange -> {
            received.add(json.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", "shape-token",
                "MONITORING_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                // DATABASE_URL alone chooses the PostgreSQL stores; nothing listens on port 1, so every write
                // goes to the outbox.
                "DATABASE_URL", "postgresql://postgres@127.0.0.1:1/devmentor_shape"))) {
            HttpResponse<String> created = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/incidents"))
                    .header("Authorization", "Bearer shape-token").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"auth\",\"description\":\"login fails\","
                            + "\"severity\":\"high\",\"actor\":\"alice\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode api = json.readTree(created.body());
            String id = api.get("id").asText();

            Await.until(Duration.ofSeconds(20), "the webhook's payload", () -> received.stream()
                    .anyMatch(body -> body.path("incident").path("id").asText().equals(id)));
            JsonNode webhook = received.stream().filter(body -> body.path("incident").path("id").asText().equals(id))
                    .findFirst().orElseThrow().get("incident");

            Path outbox = dir.resolve("data").resolve("postgres-outbox").resolve("incidents.jsonl");
            JsonNode stored = null;
            for (String line : Files.readAllLines(outbox)) {
                JsonNode form = json.readTree(line);
                if (form.path("id").asText().equals(id)) {
                    stored = form;
                }
            }
            assertTrue(stored != null, "the incident waits in the outbox");
            assertEquals(1, stored.get("format").asInt(), "the stored form says its version");
            ObjectNode outboxForm = stored.deepCopy();
            outboxForm.remove("format");

            for (JsonNode other : List.of(webhook, outboxForm)) {
                assertEquals(shape(api), shape(other), other.toString());
                for (String field : List.of("id", "service", "description", "severity", "status", "cause",
                        "createdAt", "correlationId", "causedBy", "flapping", "maintenance")) {
                    assertEquals(api.get(field), other.get(field), field);
                }
                assertEquals(api.get("timeline").get(0), other.get("timeline").get(0), "the first timeline entry");
            }
            assertEquals("high", api.get("severity").asText());
            assertEquals("open", api.get("status").asText());
        } finally {
            receiver.stop(0);
        }
    }

    /** Each field's name and JSON type, and those of a timeline entry. */
    private static List<String> shape(JsonNode incident) {
        List<String> shape = new ArrayList<>();
        for (Iterator<String> names = incident.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            shape.add(name + ":" + incident.get(name).getNodeType());
        }
        JsonNode entry = incident.path("timeline").path(0);
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            shape.add("timeline[]." + name + ":" + entry.get(name).getNodeType());
        }
        return shape;
    }
}
