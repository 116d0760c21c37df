package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm package {@code socket.io-client} (transports: websocket), run by node, against the server's
 * {@code /socket.io/}: it connects, subscribes with patterns, gets {@code initialState} and the
 * {@code service.down} of a failing service, and tries a restart without and with the API token. Node and the
 * npm registry are needed: without them the test fails, as it does without PostgreSQL.
 */
class SocketIoClientTest {

    private static final String TOKEN = "token-for-socket-io";
    private static final Path CLIENT = Path.of("target", "node-client");

    @TempDir
    Path dir;

    @Test
    void theNpmClientConnectsSubscribesReceivesAndRestartsWithTheToken() throws Exception {
        installClient();
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN))) {
            ServerHarness.await(Duration.ofSeconds(10), "started", () -> {
                try {
                    return harness.get("/health").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            Process node = new ProcessBuilder("node", "socketio-client.mjs", "http://127.0.0.1:" + harness.server.port(),
                    TOKEN).directory(CLIENT.toFile()).redirectErrorStream(true).start();
            List<JsonNode> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode seen;
                    try {
                        seen = harness.json.readTree(line);
                    } catch (IOException e) {
                        fail("node printed: " + line + "; before: " + lines);
                        return;
                    }
                    lines.add(seen);
                    if (seen.has("subscribed")) {
                        harness.targetStatus.set(503); // auth fails from now on
                    }
                }
            } finally {
                if (!node.waitFor(40, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            }
            assertEquals(0, node.exitValue(), "node finished with a serviceRestarted: " + lines);
            assertTrue(find(lines, "connected").isTextual(), lines.toString());
            List<String> state = new ArrayList<>();
            find(lines, "initialState").forEach(key -> state.add(key.asText()));
            assertTrue(state.containsAll(List.of("services", "system", "incidents", "predictions")), state.toString());
            assertEquals("service.*", find(lines, "subscribed").path("events").get(0).asText());
            JsonNode down = find(lines, "serviceDown");
            assertEquals("service.down", down.path("type").asText(), down.toString());
            assertEquals("auth", down.path("source").asText(), down.toString());
            JsonNode without = find(lines, "restartWithoutToken");
            assertEquals(false, without.path("ok").asBoolean(), without.toString());
            assertTrue(without.path("error").asText().contains("token"), without.toString());
            assertTrue(find(lines, "error").path("message").asText().startsWith("restartService auth"),
                    "the refusal also comes as an error event: " + lines);
            assertEquals(true, find(lines, "restartWithToken").path("ok").asBoolean(), lines.toString());
            assertEquals("auth", find(lines, "serviceRestarted").path("service").asText(), lines.toString());
        }
    }

    private static JsonNode find(List<JsonNode> lines, String field) {
        return lines.stream().filter(l -> l.has(field)).findFirst().map(l -> l.get(field))
                .orElseGet(() -> fail("no '" + field + "' among " + lines));
    }

    /** Copies the client's package into target/ and installs it from the lock file, once per build. */
    private static void installClient() throws Exception {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("node is not installed (Debian: apt-get install nodejs npm; .ci/run does)");
        }
        Files.createDirectories(CLIENT);
        for (String file : List.of("package.json", "package-lock.json", "socketio-client.mjs")) {
            Files.copy(Path.of("src", "test", "node", file), CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(CLIENT.resolve("node_modules").resolve("socket.io-client"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(CLIENT.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            fail("npm ci of socket.io-client failed (the npm registry must be reachable): " + output);
        }
    }
}
