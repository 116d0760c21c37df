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
 * One incident, four ways out of the server: the REST answer, the webhook notifier's payload, the PostgreSQL
 * store's outbox (the database is away, so the write waits there, as during an outage) and its
 * {@code incident.created} event on the Redis stream (the machine's {@code redis-server}; fails without it).
 * Each has the same fields, of the same JSON types, with the same values but the timeline, which grows as the
 * notification is recorded; the outbox's form adds its format version, and the event's data, like every event's,
 * leaves out what is null and adds the change that made it.
 */
class IncidentShapeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theApiTheWebhookTheOutboxAndTheRedisStreamWriteOneShape(@TempDir Path dir) throws Exception {
        String stream = "devmentor-shape-" + System.nanoTime();
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
                "DATABASE_URL", "postgresql://postgres@127.0.0.1:1/devmentor_shape",
                "REDIS_URL", "redis://127.0.0.1:6379", "REDIS_EVENTS_STREAM", stream))) {
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

            JsonNode[] event = new JsonNode[1];
            Await.until(Duration.ofSeconds(20), "incident.created on the Redis stream", () -> {
                for (JsonNode streamed : streamed(stream)) {
                    if (streamed.path("type").asText().equals("incident.created")
                            && streamed.path("data").path("id").asText().equals(id)) {
                        event[0] = streamed;
                        return true;
                    }
                }
                return false;
            });
            assertEquals(1, event[0].get("format").asInt(), "the streamed form says its version");
            ObjectNode data = event[0].get("data").deepCopy();
            assertEquals("opened", data.remove("change").asText());
            assertEquals("alice", data.remove("actor").asText());
            assertEquals("login fails", data.remove("message").asText());
            ObjectNode withoutNulls = api.deepCopy();
            withoutNulls.properties().removeIf(field -> field.getValue().isNull());
            // An event's data keeps no order of its own (it is a map); its fields and their types are the API's.
            assertEquals(new java.util.TreeSet<>(shape(withoutNulls)), new java.util.TreeSet<>(shape(data)),
                    data.toString());
            assertEquals(withoutNulls, data, "the incident as the API answers it, without its nulls");
        } finally {
            receiver.stop(0);
            redisCli("DEL", stream);
        }
    }

    /** The events on a Redis stream, read with {@code redis-cli}. */
    private List<JsonNode> streamed(String stream) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : redisCli("XRANGE", stream, "-", "+").split("\n", -1)) {
            if (line.startsWith("{")) {
                try {
                    events.add(json.readTree(line));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    private static String redisCli(String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379", "--raw"));
        line.addAll(List.of(command));
        try {
            Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(cli.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && cli.exitValue() == 0,
                    "redis-cli " + line + ": " + out);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("redis-cli is needed (.ci/run installs Redis)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
