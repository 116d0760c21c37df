package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.tck.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Socket.IO clients against {@code /socket.io/}, each used as the seed's snippets use it (no
 * {@code subscribe}, listeners on {@code service.down}, {@code incident.*} and {@code *}): the npm
 * {@code socket.io-client} 4 with its default options (long-polling, then the upgrade to WebSocket), with polling
 * only and with WebSocket only, and Debian's {@code python3-socketio} with its defaults. Each gets
 * {@code initialState}, a failing service's events, an acknowledged binary emit, a restart refused without the
 * token and done with it, and a new {@code initialState} after the server restarts. Without node, npm or
 * python3-socketio the test fails, as it does without PostgreSQL.
 */
class SocketIoClientTest {

    private static final String TOKEN = "token-for-socket-io";
    private static final Path NODE_CLIENT = Path.of("target", "node-client");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theNpmClientWithItsDefaultsPollsUpgradesAndReceivesTheSeedsEvents() throws Exception {
        JsonNode upgraded = converse(node("default"), "polling");
        assertEquals("websocket", upgraded.asText(), "the default client upgrades to WebSocket");
    }

    @Test
    void theNpmClientOnLongPollingAloneReceivesTheSeedsEvents() throws Exception {
        converse(node("polling"), "polling");
    }

    @Test
    void theNpmClientOnWebSocketAloneReceivesTheSeedsEvents() throws Exception {
        converse(node("websocket"), "websocket");
    }

    @Test
    void thePythonClientWithItsDefaultsReceivesTheSeedsEvents() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            fail("Debian's python3 is missing (apt-get install python3-socketio python3-requests python3-websocket;"
                    + " .ci/run does)");
        }
        String script = Path.of("src", "test", "node", "socketio-client.py").toAbsolutePath().toString();
        // Its connect event comes once the upgrade is done, so only the end is asserted.
        JsonNode upgraded = converse((url, token) -> List.of(PYTHON.toString(), script, url, token), null);
        assertEquals("websocket", upgraded.asText(), "the Python client upgrades to WebSocket too");
    }

    @Test
    void aDefaultClientOfOneInstanceReceivesTheEventsOfAnotherThroughRedis() throws Exception {
        String stream = "devmentor:test:" + java.util.UUID.randomUUID();
        Map<String, String> shared = Map.of("PORT", "0", "METRICS_COLLECTION_INTERVAL", "60000",
                "REDIS_URL", "redis://127.0.0.1:6379", "REDIS_EVENTS_STREAM", stream, "REDIS_CLUSTER_KEY", stream + ":cluster");
        try (MonitoringServer a = instance(shared, "a"); MonitoringServer b = instance(shared, "b")) {
            Process client = new ProcessBuilder(node("default").apply("http://127.0.0.1:" + a.port(), TOKEN))
                    .directory(NODE_CLIENT.toFile()).redirectErrorStream(true).start();
            List<JsonNode> lines = new CopyOnWriteArrayList<>();
            List<String> noise = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> read(client, lines, noise), "socket.io-client-output");
            reader.start();
            try {
                await(lines, noise, "initialState", l -> true);
                // B publishes until A's client has heard one: the first may go out before A reads the stream.
                Await.until(WAIT, "an event of B at A's client", () -> {
                    b.monitoring().publish(io.devmentor.monitoring.api.MonitoringEvent.of("test.hello", "b",
                            java.time.Instant.now(), io.devmentor.monitoring.api.Severity.INFO, Map.of("from", "b")));
                    return lines.stream().anyMatch(l -> l.path("star").asText().equals("test.hello"));
                });
            } finally {
                client.getOutputStream().close();
                if (!client.waitFor(10, TimeUnit.SECONDS)) {
                    client.destroyForcibly();
                }
                reader.join(5000);
            }
        }
    }

    private MonitoringServer instance(Map<String, String> shared, String id) {
        Map<String, String> env = new java.util.HashMap<>(shared);
        env.put("MONITORING_DATA_DIR", dir.resolve(id).toString());
        env.put("MONITORING_INSTANCE_ID", id);
        return MonitoringServer.start(io.devmentor.monitoring.core.MonitoringConfiguration.fromEnvironment(env, dir),
                "127.0.0.1");
    }

    /**
     * Starts the server and the client, fails the watched service, restarts the server, and checks what the
     * client printed.
     *
     * @param firstTransport the transport the client must say its session opened on, or null for either
     * @return the transport the client said it ended on, or a missing node when it did not say
     */
    private JsonNode converse(BiFunction<String, String, List<String>> command, String firstTransport)
            throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN))) {
            Process client = new ProcessBuilder(command.apply("http://127.0.0.1:" + harness.server.port(), TOKEN)).directory(NODE_CLIENT.toFile()).redirectErrorStream(true).start();
            List<JsonNode> lines = new CopyOnWriteArrayList<>();
            List<String> noise = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> read(client, lines, noise), "socket.io-client-output");
            reader.start();
            try {
                await(lines, noise, "initialState", l -> l.path("count").asInt() == 1);
                List<String> state = new ArrayList<>();
                find(lines, "initialState").forEach(key -> state.add(key.asText()));
                assertTrue(state.containsAll(List.of("services", "system", "incidents", "predictions")), state.toString());
                if (firstTransport != null) {
                    assertEquals(firstTransport, find(lines, "opened").asText(), lines.toString());
                }
                assertEquals(true, await(lines, noise, "binaryAck", l -> true).path("ok").asBoolean(),
                        "a binary emit is acknowledged: " + lines);

                harness.targetStatus.set(503);
                JsonNode down = await(lines, noise, "serviceDown", l -> true);
                assertEquals("service.down", down.path("type").asText(), down.toString());
                assertEquals("auth", down.path("source").asText(), down.toString());
                assertEquals("incident.created", await(lines, noise, "incidentPattern",
                        l -> l.path("incidentPattern").asText().equals("incident.created")).asText());
                await(lines, noise, "star", l -> l.path("star").asText().equals("service.down"));
                JsonNode without = await(lines, noise, "restartWithoutToken", l -> true);
                assertEquals(false, without.path("ok").asBoolean(), without.toString());
                assertTrue(without.path("error").asText().contains("token"), without.toString());
                assertEquals(true, await(lines, noise, "restartWithToken", l -> true).path("ok").asBoolean(),
                        lines.toString());
                assertEquals("auth", await(lines, noise, "serviceRestarted", l -> true).path("service").asText());
                assertTrue(lines.stream().filter(l -> l.has("error")).allMatch(l -> l.path("error").path("message")
                        .asText().startsWith("restartService auth: the API token")),
                        "the only error event is the refusal's: " + lines);

                harness.restartServer();
                await(lines, noise, "initialState", l -> l.path("count").asInt() == 2);
            } finally {
                client.getOutputStream().close();
                if (!client.waitFor(10, TimeUnit.SECONDS)) {
                    client.destroyForcibly();
                }
                reader.join(5000);
            }
            assertTrue(noise.isEmpty(), "the client printed only JSON lines: " + noise);
            return lines.stream().filter(l -> l.has("upgraded")).reduce((a, b) -> b).map(l -> l.get("upgraded"))
                    .orElse(json.missingNode());
        }
    }

    private void read(Process client, List<JsonNode> lines, List<String> noise) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    // One JSON object a line, nothing before or after it.
                    JsonNode node = json.readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature
                            .FAIL_ON_TRAILING_TOKENS).readValue(line);
                    if (node != null && node.isObject()) {
                        lines.add(node);
                    } else {
                        noise.add(line);
                    }
                } catch (IOException e) {
                    noise.add(line);
                }
            }
        } catch (IOException e) {
            noise.add(e.toString());
        }
    }

    private static JsonNode await(List<JsonNode> lines, List<String> noise, String field, Predicate<JsonNode> which) {
        try {
            Await.until(WAIT, "'" + field + "' from the client", () -> lines.stream()
                    .anyMatch(l -> l.has(field) && which.test(l)));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it printed " + lines + " " + noise, e);
        }
        return lines.stream().filter(l -> l.has(field) && which.test(l)).findFirst().orElseThrow().get(field);
    }

    private static JsonNode find(List<JsonNode> lines, String field) {
        return lines.stream().filter(l -> l.has(field)).findFirst().map(l -> l.get(field))
                .orElseGet(() -> fail("no '" + field + "' among " + lines));
    }

    /** The node client's command line. */
    private static BiFunction<String, String, List<String>> node(String transports) throws Exception {
        installNodeClient();
        return (url, token) -> List.of("node", "socketio-client.mjs", url, token, transports);
    }

    /** The installed client's folder, once this JVM has installed it. */
    private static Path installed;

    /**
     * Installs the npm socket.io-client into target/ from the lock file, once per build, and returns its folder.
     * Once per JVM and one caller at a time: the test classes that use it run side by side, and {@code npm ci}
     * begins by deleting what another may be running.
     */
    static synchronized Path installNodeClient() throws Exception {
        if (installed != null) {
            return installed;
        }
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("node is not installed (Debian: apt-get install nodejs npm; .ci/run does)");
        }
        Files.createDirectories(NODE_CLIENT);
        for (String file : List.of("package.json", "package-lock.json", "socketio-client.mjs")) {
            Files.copy(Path.of("src", "test", "node", file), NODE_CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(NODE_CLIENT.resolve("node_modules").resolve("socket.io-client"))
                || !Files.isDirectory(NODE_CLIENT.resolve("node_modules").resolve("axe-core"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(NODE_CLIENT.toFile()).redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                fail("npm ci of socket.io-client and axe-core failed (the npm registry must be reachable): " + output);
            }
        }
        installed = NODE_CLIENT;
        return NODE_CLIENT;
    }
}
