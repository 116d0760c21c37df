package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine.IO and Socket.IO as the protocol describes them, on raw HTTP and raw WebSocket: handshakes on both
 * transports with the configured heartbeat, and the session closed on a malformed packet, a missing CONNECT, a
 * missed pong and an oversized message; an unknown namespace refused.
 */
class SocketIoProtocolTest {

    private static final String POLLING = "/socket.io/?EIO=4&transport=polling";
    private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void bothTransportsHandshakeWithTheConfiguredHeartbeat() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("SOCKET_IO_PING_INTERVAL", "40000",
                "SOCKET_IO_PING_TIMEOUT", "15000"))) {
            HttpResponse<String> polling = get(harness, POLLING);
            assertEquals(200, polling.statusCode(), polling.body());
            JsonNode open = open(polling.body());
            assertEquals(40000, open.path("pingInterval").asInt(), open.toString());
            assertEquals(15000, open.path("pingTimeout").asInt(), open.toString());
            assertEquals("[\"websocket\"]", open.path("upgrades").toString(), "polling offers the upgrade");
            assertTrue(open.path("sid").asText().length() >= 8, open.toString());

            RawSocket socket = RawSocket.open(harness, WEBSOCKET);
            JsonNode direct = open(socket.next());
            assertEquals(40000, direct.path("pingInterval").asInt(), direct.toString());
            assertEquals("[]", direct.path("upgrades").toString(), "nothing to upgrade to from WebSocket");
            socket.send("40");
            assertTrue(socket.next().startsWith("40{\"sid\":"), "CONNECT is answered");
            assertTrue(socket.next().startsWith("42[\"initialState\","), "then the initial state");
        }
    }

    @Test
    void aMalformedPacketClosesTheSession() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            for (String malformed : new String[] {"4abc", "42{}", "42[]"}) {
                RawSocket socket = RawSocket.open(harness, WEBSOCKET);
                socket.next();
                socket.send("40");
                socket.next();
                socket.send(malformed);
                assertTrue(socket.closedWithin(5), malformed + " closes the WebSocket session");
            }

            String sid = open(get(harness, POLLING).body()).path("sid").asText();
            assertEquals(200, post(harness, POLLING + "&sid=" + sid, "40").statusCode());
            assertEquals(200, post(harness, POLLING + "&sid=" + sid, "4abc").statusCode());
            // The first polls fetch what was queued before the error (the CONNECT's answer, the close packet); a
            // session still open would hold the poll for its ping interval, longer than the time limit here.
            HttpResponse<String> after = get(harness, POLLING + "&sid=" + sid);
            for (int poll = 0; poll < 3 && after.statusCode() == 200; poll++) {
                after = get(harness, POLLING + "&sid=" + sid);
            }
            assertEquals(400, after.statusCode(), "the polling session is gone: " + after.body());
            assertEquals(1, json.readTree(after.body()).path("code").asInt(), "Engine.IO's 'unknown sid': " + after.body());
        }
    }

    @Test
    void aClientThatNeverConnectsOrStopsAnsweringPingsIsClosed() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("SOCKET_IO_CONNECT_TIMEOUT", "300",
                "SOCKET_IO_PING_INTERVAL", "200", "SOCKET_IO_PING_TIMEOUT", "200"))) {
            RawSocket silent = RawSocket.open(harness, WEBSOCKET);
            silent.next();
            assertTrue(silent.closedWithin(5), "no CONNECT within the connect timeout");

            RawSocket deaf = RawSocket.open(harness, WEBSOCKET);
            deaf.next();
            deaf.send("40");
            assertTrue(deaf.closedWithin(5), "no pong within the ping timeout");
            assertTrue(deaf.received.contains("2"), "the server pinged: " + deaf.received);
        }
    }

    @Test
    void anUnknownNamespaceIsRefusedAndTheDefaultOneStillWorks() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            RawSocket socket = RawSocket.open(harness, WEBSOCKET);
            socket.next();
            socket.send("40/admin,");
            assertEquals("44/admin,{\"message\":\"Invalid namespace\"}", socket.next());
            socket.send("40");
            assertTrue(socket.next().startsWith("40{\"sid\":"));
        }
    }

    @Test
    void aMessageOverTheMaxPayloadIsRefused() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("SOCKET_IO_MAX_PAYLOAD", "1000"))) {
            String sid = open(get(harness, POLLING).body()).path("sid").asText();
            HttpResponse<String> large = post(harness, POLLING + "&sid=" + sid, "42[\"requestMetrics\",\"" + "x".repeat(2000) + "\"]");
            assertEquals(413, large.statusCode(), large.body());
            assertTrue(large.body().contains("at most 1000 bytes"), large.body());

            RawSocket socket = RawSocket.open(harness, WEBSOCKET);
            socket.next();
            socket.send("40");
            socket.next();
            socket.send("42[\"requestMetrics\",\"" + "x".repeat(2000) + "\"]");
            assertTrue(socket.closedWithin(5), "an oversized frame closes the WebSocket");
        }
    }

    @Test
    void onlyEngineIoVersionFourIsAccepted() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            HttpResponse<String> old = get(harness, "/socket.io/?EIO=3&transport=polling");
            assertEquals(400, old.statusCode(), old.body());
            HttpResponse<String> unknown = get(harness, "/socket.io/?EIO=4&transport=carrier-pigeon");
            assertEquals(400, unknown.statusCode(), unknown.body());
            assertEquals(0, json.readTree(unknown.body()).path("code").asInt(), "'unknown transport': " + unknown.body());
        }
    }

    private JsonNode open(String packet) throws Exception {
        assertTrue(packet.startsWith("0{"), "an OPEN packet: " + packet);
        return json.readTree(packet.substring(1));
    }

    private HttpResponse<String> get(ServerHarness harness, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(harness.uri(path)).timeout(java.time.Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ServerHarness harness, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(harness.uri(path)).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JDK's WebSocket client, seeing Engine.IO's packets as they come. */
    private static final class RawSocket implements WebSocket.Listener {
        final BlockingQueue<String> incoming = new LinkedBlockingQueue<>();
        final java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static RawSocket open(ServerHarness harness, String path) {
            RawSocket raw = new RawSocket();
            raw.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + harness.server.port() + path), raw).join();
            return raw;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                incoming.add(partial.toString());
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        String next() throws InterruptedException {
            String packet = incoming.poll(10, TimeUnit.SECONDS);
            if (packet == null) {
                throw new AssertionError("no packet within 10 s; received " + received);
            }
            return packet;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        boolean closedWithin(int seconds) {
            try {
                closed.get(seconds, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
