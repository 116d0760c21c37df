package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running server on loopback, watching one real HTTP target whose status code a test sets, and an HTTP
 * client to call it.
 */
final class ServerHarness implements AutoCloseable {

    final HttpServer target;
    final AtomicInteger targetStatus = new AtomicInteger(200);
    final AtomicInteger restarts = new AtomicInteger();
    private final Path dir;
    private final Map<String, String> env;
    volatile MonitoringServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ObjectMapper json = new ObjectMapper();

    ServerHarness(Path dir, Map<String, String> extraEnv) throws IOException {
        this(dir, extraEnv, List.of());
    }

    /** With more lines for the {@code auth} service, indented under it (an {@code sla} section, say). */
    ServerHarness(Path dir, Map<String, String> extraEnv, List<String> authLines) throws IOException {
        this(dir, extraEnv, authLines, List.of());
    }

    /** In the lines of more services, stands for the URL of the harness's target. */
    static final String TARGET_URL = "${TARGET_URL}";

    /** With more lines for the {@code auth} service, and more services (lines under {@code services:}). */
    ServerHarness(Path dir, Map<String, String> extraEnv, List<String> authLines, List<String> moreServices)
            throws IOException {
        this(dir, extraEnv, authLines, moreServices, List.of());
    }

    /** With more top-level sections of the services file (a {@code statusPage}, say), after the services. */
    ServerHarness(Path dir, Map<String, String> extraEnv, List<String> authLines, List<String> moreServices,
            List<String> topLevel) throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        target.createContext("/restart", exchange -> {
            restarts.incrementAndGet();
            targetStatus.set(200);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(targetStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        Files.writeString(dir.resolve("monitoring.yml"), String.join("\n",
                "services:",
                "  auth:",
                "    url: http://127.0.0.1:" + target.getAddress().getPort(),
                "    interval: 200",
                "    timeout: 500",
                "    retryAttempts: 1",
                "    criticalService: true",
                "    settings:",
                "      restartUrl: http://127.0.0.1:" + target.getAddress().getPort() + "/restart",
                authLines.stream().map(line -> "    " + line + "\n").collect(java.util.stream.Collectors.joining())
                        .stripTrailing(),
                "  cache:",
                "    type: tcp",
                "    host: 127.0.0.1",
                "    port: " + target.getAddress().getPort(),
                "    interval: 1000",
                moreServices.stream().map(line -> "  " + line.replace(TARGET_URL, "http://127.0.0.1:"
                        + target.getAddress().getPort()) + "\n").collect(java.util.stream.Collectors.joining())
                        + String.join("\n", topLevel),
                ""));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PORT", "0",
                "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "500",
                "HEALTH_CHECK_INTERVAL", "500"));
        env.putAll(extraEnv);
        this.dir = dir;
        this.env = env;
        server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(env, dir), "127.0.0.1");
    }

    /** Stops the server and starts it again on the same port and data directory, as an operator's restart does. */
    void restartServer() {
        int port = server.port();
        server.close();
        Map<String, String> again = new java.util.HashMap<>(env);
        again.put("PORT", Integer.toString(port));
        server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(again, dir), "127.0.0.1");
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return json.readTree(get(path).body());
    }

    @Override
    public void close() {
        server.close();
        target.stop(0);
    }
}
