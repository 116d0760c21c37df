package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Kills the server with SIGKILL in the middle of a stream of incident writes, starts it again on the same
 * data, and finds every incident and timeline entry that was acknowledged to the client, and every event the
 * client read from the history, in its order.
 */
// Not beside ImageEntrypointIT: each loads the two cores for most of a minute.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(ClusterIT.SERVER_PROCESSES)
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target/monitoring-server.jar").toAbsolutePath();
    private static final String TOKEN = "crash-test-token";

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Process start(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("console.log").toFile()));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("MONITORING_API_TOKEN", TOKEN);
        return builder.start();
    }

    private void awaitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        fail("the server did not start: " + Files.readString(workDir.resolve("console.log")));
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        int port = freePort();
        Process server = start(port);
        awaitHealthy(port);

        // id -> the number of timeline entries the server confirmed for it
        Map<String, Integer> confirmed = new ConcurrentHashMap<>();
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try {
                    HttpResponse<String> created = post(port, "/api/incidents", "{\"service\":\"svc-" + (n % 7)
                            + "\",\"description\":\"crash test " + n + "\",\"severity\":\"medium\"}");
                    if (created.statusCode() != 201) {
                        continue;
                    }
                    String id = json.readTree(created.body()).get("id").asText();
                    confirmed.put(id, 1);
                    if (post(port, "/api/incidents/" + id + "/acknowledge", "{}").statusCode() == 200) {
                        confirmed.put(id, 2);
                        acknowledged.put(id, true);
                    }
                    if (post(port, "/api/incidents/" + id + "/comments", "{\"text\":\"note " + n + "\"}")
                            .statusCode() == 201) {
                        confirmed.put(id, 3);
                    }
                    n++;
                } catch (Exception serverGone) {
                    return;
                }
            }
        });
        writer.start();
        // 150 writes, or as many as a busy machine makes in 20 s: enough that the kill falls among them.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (confirmed.size() < 150 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        server.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        stop.set(true);
        writer.join(10_000);
        assertTrue(confirmed.size() >= 20, "writes before the kill: " + confirmed.size());

        Process restarted = start(port);
        try {
            awaitHealthy(port);
            int checked = 0;
            for (Map.Entry<String, Integer> entry : confirmed.entrySet()) {
                HttpResponse<String> response = get(port, "/api/incidents/" + entry.getKey());
                assertEquals(200, response.statusCode(), "incident " + entry.getKey() + " was confirmed, then lost");
                JsonNode incident = json.readTree(response.body());
                assertTrue(incident.get("timeline").size() >= entry.getValue(), "timeline of " + entry.getKey()
                        + " has " + incident.get("timeline").size() + " entries, " + entry.getValue() + " confirmed");
                if (acknowledged.containsKey(entry.getKey())) {
                    assertEquals("acknowledged", incident.get("status").asText());
                }
                checked++;
            }
            JsonNode active = json.readTree(get(port, "/api/incidents?status=acknowledged&limit=1000").body());
            assertTrue(active.get("total").asLong() >= acknowledged.size());
            System.out.printf("kill -9 after %d confirmed incidents (%d acknowledged); all %d found after restart%n",
                    confirmed.size(), acknowledged.size(), checked);
        } finally {
            restarted.destroy();
            restarted.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Every event id of the history, the most recent first, a page at a time through the cursor. */
    private List<String> history(int port) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json.readTree(get(port, "/api/events?limit=1000" + (cursor == null ? "" : "&cursor="
                    + cursor)).body());
            page.get("events").forEach(event -> ids.add(event.get("id").asText()));
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (cursor != null);
        return ids;
    }

    private static List<String> only(List<String> ids, Set<String> kept) {
        return ids.stream().filter(kept::contains).toList();
    }

    @Test
    void everyEventReadBeforeAKillOrAStopIsThereAfterInOrder() throws Exception {
        int port = freePort();
        Process server = start(port);
        awaitHealthy(port);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int n = 0; !stop.get(); n++) {
                try {
                    HttpResponse<String> created = post(port, "/api/incidents", "{\"service\":\"svc-" + (n % 5)
                            + "\",\"description\":\"event test " + n + "\",\"severity\":\"high\"}");
                    if (created.statusCode() == 201) {
                        post(port, "/api/incidents/" + json.readTree(created.body()).get("id").asText()
                                + "/acknowledge", "{}");
                    }
                } catch (Exception serverGone) {
                    return;
                }
            }
        });
        writer.start();
        // What the client last read of the history before the kill.
        List<String> read = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (read.size() < 200 && System.nanoTime() < deadline) {
            read = history(port);
        }
        server.destroyForcibly(); // SIGKILL
        assertTrue(server.waitFor(10, TimeUnit.SECONDS));
        stop.set(true);
        writer.join(10_000);
        assertTrue(read.size() >= 20, "events read before the kill: " + read.size());

        Process restarted = start(port);
        List<String> afterKill;
        try {
            awaitHealthy(port);
            afterKill = history(port);
            assertEquals(read, only(afterKill, Set.copyOf(read)), "the events read before the kill, in their order");
        } finally {
            restarted.destroy(); // SIGTERM: a clean stop
            assertTrue(restarted.waitFor(15, TimeUnit.SECONDS));
        }
        Process again = start(port);
        try {
            awaitHealthy(port);
            List<String> afterStop = history(port);
            assertEquals(afterKill, only(afterStop, Set.copyOf(afterKill)), "the events before a clean stop");
            System.out.printf("events: %d read before kill -9, all there after it in order; %d before a clean stop,"
                    + " all there after it%n", read.size(), afterKill.size());
        } finally {
            again.destroy();
            again.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
