package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket stream at /ws, with the JDK's WebSocket client. */
class WebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static WsClient connect(ServerHarness harness) {
        return WsClient.connect(harness.server.port());
    }

    @Test
    void aClientGetsTheInitialStateThenLiveUpdates() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            Await.until(WAIT, "auth checked", () ->
                    harness.server.monitoring().service("auth").orElseThrow().status() == HealthStatus.UP);
            WsClient client = connect(harness);
            JsonNode initial = client.next("initialState").get("data");
            assertEquals("healthy", initial.path("services").path("auth").path("status").asText());
            assertTrue(initial.path("incidents").isArray());
            assertTrue(initial.path("predictions").isArray());
            assertTrue(initial.has("system"));

            JsonNode metrics = client.next("systemMetrics").get("data");
            assertTrue(metrics.path("cpu").path("cores").asInt() > 0);
            JsonNode update = client.next("servicesUpdate").get("data");
            assertTrue(update.has("auth"));

            client.send("{\"event\":\"requestMetrics\"}");
            assertTrue(client.next("servicesUpdate").get("data").has(MonitoringServer.SELF));
        }
    }

    @Test
    void aSubscriberGetsTheMatchingMonitoringEventsUnderTheirTypeNames() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            Await.until(WAIT, "auth up", () ->
                    harness.server.monitoring().service("auth").orElseThrow().status() == HealthStatus.UP);
            WsClient client = connect(harness);
            client.next("initialState");
            client.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"service.*\"],\"services\":[\"auth\"]}}");
            JsonNode ack = client.next("subscribed").get("data");
            assertEquals("service.*", ack.get("events").get(0).asText());

            harness.targetStatus.set(503);
            JsonNode down = client.next("service.down").get("data");
            assertEquals("service.down", down.get("type").asText());
            assertEquals("auth", down.get("source").asText());
            assertEquals("critical", down.get("severity").asText(), "auth is a critical service");
            assertEquals("HTTP 503", down.get("data").get("message").asText());
            assertTrue(down.get("metadata").has("correlationId"));
            JsonNode incident = client.next("incident").get("data");
            assertEquals("auth", incident.get("service").asText());
            assertEquals("open", incident.get("status").asText());
            assertEquals("critical", incident.get("severity").asText());
            WsClient late = connect(harness);
            assertEquals(incident.get("id").asText(),
                    late.next("initialState").get("data").get("incidents").get(0).get("id").asText(),
                    "a client that connects later sees the active incident");

            harness.targetStatus.set(200);
            JsonNode up = client.next("service.up").get("data");
            assertEquals(down.get("metadata").get("correlationId").asText(),
                    up.get("metadata").get("correlationId").asText());
        }
    }

    @Test
    void aHandshakeFromAnotherOriginIsRefused() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("FRONTEND_URL", "http://dashboard.local:3001"))) {
            assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(harness.server.port(), "http://evil.example"));
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    handshakeStatus(harness.server.port(), "http://dashboard.local:3001"));
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    handshakeStatus(harness.server.port(), "http://127.0.0.1:" + harness.server.port()),
                    "a page the server served itself");
            assertEquals("HTTP/1.1 101 Switching Protocols", handshakeStatus(harness.server.port(), null),
                    "clients that are not browsers send no Origin");
            String socketIo = "/socket.io/?EIO=4&transport=websocket";
            assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(harness.server.port(), "http://evil.example", socketIo),
                    "the same rule on /socket.io/");
            assertEquals("HTTP/1.1 101 Switching Protocols",
                    handshakeStatus(harness.server.port(), "http://dashboard.local:3001", socketIo));
            String samePortElsewhere = "http://evil.example:" + harness.server.port();
            assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(harness.server.port(), samePortElsewhere),
                    "another host on the server's port is another origin");
            assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(harness.server.port(), samePortElsewhere, socketIo));
            assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(harness.server.port(),
                    "https://127.0.0.1:" + harness.server.port()), "another scheme is another origin");

            String polling = "/socket.io/?EIO=4&transport=polling";
            java.net.http.HttpResponse<String> foreign = harness.client.send(java.net.http.HttpRequest
                    .newBuilder(harness.uri(polling)).header("Origin", samePortElsewhere).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), "the same rule on the polling transport: " + foreign.body());
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            java.net.http.HttpResponse<String> frontend = harness.client.send(java.net.http.HttpRequest
                    .newBuilder(harness.uri(polling)).header("Origin", "http://dashboard.local:3001").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, frontend.statusCode(), frontend.body());
            assertEquals("http://dashboard.local:3001",
                    frontend.headers().firstValue("Access-Control-Allow-Origin").orElse(null), "CORS for FRONTEND_URL");
            java.net.http.HttpResponse<String> preflight = harness.client.send(java.net.http.HttpRequest
                    .newBuilder(harness.uri(polling)).method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://dashboard.local:3001").header("Access-Control-Request-Method", "POST")
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());
            assertEquals("GET, POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null),
                    "the seed's CORS methods");
        }
    }

    @Test
    void aClientThatNeverSubscribesGetsEveryEventUnderItsTypeItsGroupAndTheWildcard() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            Await.until(WAIT, "auth up", () ->
                    harness.server.monitoring().service("auth").orElseThrow().status() == HealthStatus.UP);
            WsClient everything = connect(harness);
            everything.next("initialState");
            WsClient narrowed = connect(harness);
            narrowed.next("initialState");
            narrowed.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"service.down\",\"service.*\"]}}");
            narrowed.next("subscribed");
            // Before it subscribed it got everything, as a client that never does (a system.alert of a busy
            // machine, say): what counts is what comes after.
            long unmatchedBefore = narrowed.count("*") + narrowed.count("incident.*") + narrowed.count("incident.created");

            harness.targetStatus.set(503);
            String id = everything.next("service.down").get("data").get("id").asText();
            assertEquals(id, everything.next("service.*").get("data").get("id").asText());
            assertEquals(id, everything.next("*").get("data").get("id").asText());
            assertEquals("incident.created", everything.next("incident.*").get("data").get("type").asText());

            assertEquals(id, narrowed.next("service.down").get("data").get("id").asText());
            assertEquals(id, narrowed.next("service.*").get("data").get("id").asText());
            harness.targetStatus.set(200);
            narrowed.next("service.up");
            everything.next("service.up");
            assertEquals(1, narrowed.count("service.down"), "never twice under one name");
            // A pattern's copy follows its event at once: wait for the last one.
            Await.until(WAIT, "each service event once more under the pattern",
                    () -> narrowed.countTyped("service.") == narrowed.count("service.*"));
            assertEquals(unmatchedBefore, narrowed.count("*") + narrowed.count("incident.*")
                    + narrowed.count("incident.created"), "nothing its patterns do not match once subscribed");
            Await.until(WAIT, "each service event under its group",
                    () -> everything.countTyped("service.") == everything.count("service.*"));
        }
    }

    private static String handshakeStatus(int port, String origin) throws java.io.IOException {
        return handshakeStatus(port, origin, "/ws");
    }

    /** The status line of a raw opening handshake, as a browser sends it. */
    private static String handshakeStatus(int port, String origin, String path) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void badMessagesGetAnErrorAndTheConnectionStays() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            WsClient client = connect(harness);
            client.next("initialState");
            client.send("not json");
            assertTrue(client.next("error").get("data").get("message").asText().contains("not JSON"));
            client.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"bad pattern!\"]}}");
            assertTrue(client.next("error").get("data").get("message").asText().contains("event pattern must be"));
            client.send("{\"event\":\"dance\"}");
            assertTrue(client.next("error").get("data").get("message").asText().contains("unknown event 'dance'"));
            client.send("{\"event\":\"requestMetrics\"}");
            client.next("servicesUpdate");
        }
    }
}
