package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edge against hostile clients, each from an address of its own on loopback: clients that pipeline
 * requests and never read their answers, a client over its connection cap, and a flood of made-up methods.
 */
class HttpEdgesTest {

    @TempDir
    Path dir;

    /** A connection from {@code from} that sends {@code requests} and reads nothing. */
    private static Socket hostile(String from, int port, String requests) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        if (!requests.isEmpty()) {
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        return socket;
    }

    private static HttpResponse<String> health(ServerHarness harness) throws Exception {
        return harness.client.send(HttpRequest.newBuilder(harness.uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientsThatNeverReadTheirAnswersDoNotStallTheOthers() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            String pipelined = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
            List<Socket> readers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    readers.add(hostile("127.0.0.2", harness.server.port(), pipelined));
                }
                Thread.sleep(1000); // their answers fill the socket buffers, and the writes wait
                for (int i = 0; i < 5; i++) {
                    // Each within the time limit of the request, where it used to wait for the 30 s write timeout.
                    assertEquals(200, health(harness).statusCode());
                }
            } finally {
                for (Socket socket : readers) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aClientOverItsConnectionCapGets503AndTheOthersDoNot() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_HTTP_MAX_CONNECTIONS_PER_CLIENT", "4"))) {
            int port = harness.server.port();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(hostile("127.0.0.3", port, ""));
                }
                Thread.sleep(200);
                try (Socket fifth = hostile("127.0.0.3", port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")) {
                    fifth.setSoTimeout(5000);
                    assertEquals("HTTP/1.1 503 Service Unavailable", statusLine(fifth));
                }
                assertEquals(200, health(harness).statusCode(), "another client is not affected");
                held.remove(0).close();
                Thread.sleep(200);
                try (Socket again = hostile("127.0.0.3", port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")) {
                    again.setSoTimeout(5000);
                    assertEquals("HTTP/1.1 200 OK", statusLine(again), "under its cap again once one is closed");
                }
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void madeUpMethodsAddNoSeriesToMetrics() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            for (int i = 0; i < 50; i++) {
                try (Socket socket = hostile("127.0.0.4", harness.server.port(), "QWERTY" + i + " /x HTTP/1.1\r\nHost: x\r\n\r\n")) {
                    socket.setSoTimeout(5000);
                    statusLine(socket);
                }
            }
            String metrics = harness.get("/metrics").body();
            Matcher methods = Pattern.compile("http_request_duration_seconds_count\\{[^}]*method=\"([^\"]*)\"").matcher(metrics);
            Set<String> seen = methods.results().map(m -> m.group(1)).collect(Collectors.toSet());
            assertTrue(seen.contains("OTHER"), "the made-up methods were counted: " + seen);
            assertTrue(Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "OTHER").containsAll(seen),
                    "methods from a closed set only: " + seen);
        }
    }

    private static String statusLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
