package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.core.Incidents;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.server.MonitoringServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Durable incident writes per second with the H2 store (or PostgreSQL, given a database URL), and
 * {@code GET /api/incidents} latency with many incidents stored.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.IncidentStoreBenchmark \
 *     [--incidents 100000] [--queries 2000] [--database-url postgresql://postgres@127.0.0.1:5432/bench]</pre>
 */
public final class IncidentStoreBenchmark {

    private static final String[] QUERIES = {
        "/api/incidents", "/api/incidents?status=open", "/api/incidents?status=acknowledged&limit=100",
        "/api/incidents?severity=critical", "/api/incidents?service=svc-7", "/api/incidents?offset=50000&limit=50",
        "/api/incidents?status=resolved&service=svc-3&severity=low"};

    private IncidentStoreBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options, see the class comment
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int total = option(args, "--incidents", 100_000);
        int queries = option(args, "--queries", 2000);
        Path dir = Files.createTempDirectory("incident-bench");
        Map<String, String> env = new java.util.HashMap<>(Map.of("PORT", "0",
                "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000"));
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--database-url")) {
                env.put("MONITORING_INCIDENT_STORE", "postgres");
                env.put("DATABASE_URL", args[i + 1]);
            }
        }
        System.out.println("incident store: " + env.getOrDefault("MONITORING_INCIDENT_STORE", "h2"));
        MonitoringConfiguration configuration = MonitoringConfiguration.fromEnvironment(env, dir);
        try (MonitoringServer server = MonitoringServer.start(configuration, "127.0.0.1")) {
            Incidents incidents = server.monitoring().incidents();
            IncidentSeverity[] severities = IncidentSeverity.values();
            long started = System.nanoTime();
            int timed = Math.min(total, 5000);
            for (int i = 0; i < total; i++) {
                String id = incidents.open("svc-" + (i % 50), "benchmark incident " + i, severities[i % 4], "bench").id();
                if (i % 3 == 1) {
                    incidents.acknowledge(id, "bench", Optional.empty());
                } else if (i % 3 == 2) {
                    incidents.resolve(id, "bench", Optional.empty());
                }
                if (i + 1 == timed) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    // Each incident is one create and, for two in three, one more durable change.
                    int writes = timed + (timed * 2 / 3);
                    System.out.printf("durable incident writes: %.0f per second (%d writes in %.2f s, one thread)%n",
                            writes / seconds, writes, seconds);
                }
            }
            System.out.printf("stored %d incidents in %.1f s%n", total, (System.nanoTime() - started) / 1e9);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 200; i++) {
                get(client, server.port(), QUERIES[i % QUERIES.length]);
            }
            long[] nanos = new long[queries];
            for (int i = 0; i < queries; i++) {
                long t = System.nanoTime();
                get(client, server.port(), QUERIES[i % QUERIES.length]);
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf("GET /api/incidents with %d stored (%d requests over %d query shapes, page of 50):"
                            + " p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", total, queries, QUERIES.length,
                    nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6, nanos[queries - 1] / 1e6);
        }
    }

    private static void get(HttpClient client, int port, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
