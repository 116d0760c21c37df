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
                // Past the write timeout each is closed, its unwritten answers dropped: read to the end, each gives
                // what was in flight, not the 2,000 answers it asked for (it once got them all, queued in the heap).
                Thread.sleep(2500);
                for (Socket reader : readers) {
                    reader.setSoTimeout(10_000);
                    long read = 0;
                    byte[] buffer = new byte[65536];
                    try {
                        for (int n; (n = reader.getInputStream().read(buffer)) >= 0; ) {
                            read += n;
                        }
                    } catch (java.net.SocketException reset) {
                        // closed by the server
                    }
                    assertTrue(read < 16L * 1024 * 1024, read / 1024 + " KiB read from a client that stopped reading");
                }
            } finally {
                for (Socket socket : readers) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aClientThatPipelinesAndReadsAByteASecondIsResetAtTheIdleTimeout() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_HTTP_IDLE_TIMEOUT", "2000"))) {
            try (Socket slow = new Socket()) {
                // The system's own buffer sizes, as a real client has them (the kernel grows them on loopback).
                slow.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.8"), 0));
                slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), harness.server.port()), 5000);
                slow.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000)
                        .getBytes(StandardCharsets.US_ASCII));
                // Five bytes a second for 5 s: each byte that leaves restarts the write timeout, so what must end
                // it is its answers waiting, unwritten, for the idle timeout.
                slow.setSoTimeout(5000);
                java.io.InputStream in = slow.getInputStream();
                for (int i = 0; i < 25; i++) {
                    if (in.read() < 0) {
                        break;
                    }
                    Thread.sleep(200);
                }
                // Then as fast as it can: reset, it gets what its own buffer held, not the rest of 2,000 answers.
                long read = 0;
                byte[] buffer = new byte[65536];
                try {
                    for (int n; (n = in.read(buffer)) >= 0 && read < 64L * 1024 * 1024; ) {
                        read += n;
                    }
                } catch (java.net.SocketException reset) {
                    // reset by the server, as it should be
                }
                // Reset, about 128 KiB (its receive buffer); kept, about 7 MB (Grizzly's queue and the kernel's).
                assertTrue(read < 2L * 1024 * 1024, read / 1024 + " KiB more read: the server kept answering it");
                assertEquals(200, health(harness).statusCode());
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

    /** Reads until the server closes the connection, within {@code limit}; fails if it is still open then. */
    private static Duration closedWithin(Socket socket, Duration limit) throws IOException {
        long start = System.nanoTime();
        socket.setSoTimeout((int) limit.toMillis());
        try {
            java.io.InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the answer to a request, if it was whole; then the end
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("still open after " + limit.toMillis() + " ms");
        } catch (java.net.SocketException e) {
            // reset: closed too
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void idleAndSlowlorisConnectionsAreClosedAtTheirDeadlinesAndWebSocketsAreNot() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_HTTP_IDLE_TIMEOUT", "2000",
                "MONITORING_HTTP_REQUEST_TIMEOUT", "1000"))) {
            int port = harness.server.port();
            WsClient live = WsClient.connect(port);
            try (Socket idle = hostile("127.0.0.6", port, "")) {
                Duration open = closedWithin(idle, Duration.ofSeconds(6));
                assertTrue(open.toMillis() >= 1500, "closed at the idle timeout, not before: " + open);
            }
            try (Socket kept = hostile("127.0.0.6", port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")) {
                kept.setSoTimeout(5000);
                assertEquals("HTTP/1.1 200 OK", statusLine(kept));
                closedWithin(kept, Duration.ofSeconds(6)); // idle after its answer
            }
            try (Socket slowloris = hostile("127.0.0.6", port, "GET /health HTTP/1.1\r\nHost: x\r\n")) {
                // A header line every 300 ms: never idle for the idle timeout, never done within the request timeout.
                Thread trickle = new Thread(() -> {
                    try {
                        for (int i = 0; i < 30; i++) {
                            Thread.sleep(300);
                            slowloris.getOutputStream().write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException | InterruptedException e) {
                        // closed by the server, as it should be
                    }
                });
                trickle.start();
                Duration open = closedWithin(slowloris, Duration.ofSeconds(6));
                trickle.interrupt();
                assertTrue(open.toMillis() < 4000, "closed at the request timeout: " + open);
            }
            // Past the idle timeout, the WebSocket client is still served.
            live.send("{\"event\":\"requestMetrics\"}");
            live.next("servicesUpdate");
        }
    }

    @Test
    void slowRequestBodiesHoldNoRequestThreadPastTheRequestTimeout() throws Exception {
        String token = "edge-token-0123456789";
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_HTTP_WORKERS", "4",
                "MONITORING_HTTP_REQUEST_TIMEOUT", "1000", "MONITORING_API_TOKEN", token))) {
            int port = harness.server.port();
            String head = "POST /api/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            List<Socket> slow = new ArrayList<>();
            List<Thread> trickles = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = hostile("127.0.0.7", port, head + "1\r\n{\r\n");
                    slow.add(socket);
                    Thread trickle = new Thread(() -> {
                        try {
                            for (int k = 0; k < 40; k++) { // a byte of the body every 250 ms, for 10 s
                                Thread.sleep(250);
                                socket.getOutputStream().write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                            }
                        } catch (IOException | InterruptedException e) {
                            // closed by the server
                        }
                    });
                    trickle.start();
                    trickles.add(trickle);
                }
                Thread.sleep(300); // every request thread is reading a body
                long start = System.nanoTime();
                assertEquals(200, health(harness).statusCode());
                long waited = (System.nanoTime() - start) / 1_000_000;
                assertTrue(waited < 3000, "/health waited " + waited + " ms behind the slow bodies");
                for (Socket socket : slow) {
                    closedWithin(socket, Duration.ofSeconds(5));
                }
            } finally {
                trickles.forEach(Thread::interrupt);
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    /** Sends one raw request and reads its whole answer (the server closes or says its length). */
    private static String[] exchange(int port, String request) throws IOException {
        try (Socket socket = hostile("127.0.0.5", port, request)) {
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder head = new StringBuilder();
            String line;
            int length = 0;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                head.append(line).append('\n');
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String[] {head.toString(), new String(body, 0, read)};
        }
    }

    @Test
    void malformedPathsAndQueriesGetAJson400AndPathSegmentsAreDecodedOnce() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            int port = harness.server.port();
            for (String target : List.of("/api/services/a%2Fb", "/api/services/%5C", "/api/services/%00",
                    "/api/services/%FF", "/api/services/%ZZ", "/api/services/%", "/api/incidents?status=%FF",
                    "/api/metrics/history?series=%C3%28", "/health?x=%G1")) {
                String[] answer = exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(answer[0].startsWith("HTTP/1.1 400"), target + ": " + answer[0]);
                assertTrue(answer[0].contains("application/json"), target + ": " + answer[0]);
                String error = harness.json.readTree(answer[1]).path("error").asText();
                assertTrue(!error.isEmpty() && !error.contains("Exception"), target + ": " + answer[1]);
            }
            // Refused while the client still sends its body: the answer is read, not lost to a reset connection.
            HttpResponse<String> refused = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/services/a%2Fb/restart"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "y".repeat(200_000) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("encoded '/'"), refused.body());
            String[] spaced = exchange(port, "GET /api/services/a%20b HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(spaced[0].startsWith("HTTP/1.1 404"), spaced[0]);
            assertTrue(spaced[1].contains("no service named 'a b'"), "decoded once: " + spaced[1]);
        }
    }

    @Test
    void requestsTheCodecCannotParseGetAJsonAnswerWithTheRightCode() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            int port = harness.server.port();
            StringBuilder headers = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                headers.append("X-").append(i).append(": y\r\n");
            }
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("GET /api/services?x=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 414");
            cases.put("GET /health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n", "HTTP/1.1 431");
            cases.put("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n", "HTTP/1.1 431");
            cases.put("GET /health HTTP/9.9\r\nHost: x\r\n\r\n", "HTTP/1.1 505");
            // A body where the method defines none is read and ignored, as HTTP allows.
            cases.put("DELETE /api/dashboards/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 403");
            cases.put("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "HTTP/1.1 200");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                String[] answer = exchange(port, c.getKey());
                String request = c.getKey().substring(0, Math.min(40, c.getKey().length()));
                assertTrue(answer[0].startsWith(c.getValue()), request + ": " + answer[0]);
                assertTrue(answer[0].contains("application/json"), request + ": " + answer[0]);
                if (!c.getValue().endsWith("200")) {
                    String error = harness.json.readTree(answer[1]).path("error").asText();
                    assertTrue(!error.isEmpty() && !error.contains("Exception"), request + ": " + answer[1]);
                }
            }
        }
    }

    @Test
    void staticFilesAnswerHeadAJson404AndEveryPageCarriesTheSecurityHeaders() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            int port = harness.server.port();
            String[] head = exchange(port, "HEAD /app/app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(head[0].startsWith("HTTP/1.1 200"), head[0]);
            assertTrue(head[0].contains("javascript"), head[0]);
            String[] missing = exchange(port, "GET /app/nope.js HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(missing[0].startsWith("HTTP/1.1 404"), missing[0]);
            assertTrue(missing[0].contains("application/json; charset=utf-8"), missing[0]);
            assertEquals("no such file", harness.json.readTree(missing[1]).path("error").asText());
            // Each page twice: a second request was once answered from Grizzly's file cache, without the headers.
            for (String page : List.of("/", "/docs/", "/app/app.js", "/api/services", "/", "/docs/", "/app/app.js")) {
                HttpResponse<String> answer = harness.get(page);
                assertEquals(200, answer.statusCode(), page);
                String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
                assertTrue(policy.contains("frame-ancestors 'self'"), page + ": " + policy);
                assertTrue(policy.contains("script-src 'self';"), "no inline scripts: " + policy);
                assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), page);
                assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(null), page);
            }
            assertTrue(!harness.get("/docs/").body().contains("<script>"), "the API reference has no inline script");
        }
    }

    private static String statusLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
