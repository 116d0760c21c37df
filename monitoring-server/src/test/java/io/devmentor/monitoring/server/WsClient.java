package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) on the server's /ws, collecting whole JSON messages. */
final class WsClient implements WebSocket.Listener {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final java.util.List<JsonNode> everything = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static WsClient connect(int port) {
        WsClient client = new WsClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = json.readTree(partial.toString());
                messages.add(message);
                everything.add(message);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The next message of this event, skipping others; fails after 10 s. */
    JsonNode next(String event) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message.path("event").asText().equals(event)) {
                return message;
            }
        }
        throw new AssertionError("no '" + event + "' message within " + WAIT.toMillis() + " ms");
    }

    /** The messages of this event received so far, in order; others are dropped. */
    java.util.List<JsonNode> drain(String event) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        messages.drainTo(all);
        all.removeIf(message -> !message.path("event").asText().equals(event));
        return all;
    }

    /** The messages of this event that arrived so far, whether or not {@link #next} took them, in order. */
    java.util.List<JsonNode> all(String event) {
        return everything.stream().filter(message -> message.path("event").asText().equals(event)).toList();
    }

    /** How many messages of this event arrived so far, whether or not {@link #next} took them. */
    long count(String event) {
        return everything.stream().filter(message -> message.path("event").asText().equals(event)).count();
    }

    /** How many messages arrived so far under a name that starts with this prefix, patterns excluded. */
    long countTyped(String prefix) {
        return everything.stream().map(message -> message.path("event").asText())
                .filter(name -> name.startsWith(prefix) && !name.contains("*")).count();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }
}
