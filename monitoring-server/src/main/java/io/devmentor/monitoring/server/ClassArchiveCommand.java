package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.MonitoringConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=monitoring-server.jsa -jar monitoring-server.jar class-archive}: starts the
 * server once over a throwaway directory on a free loopback port, waits for its first check of itself, asks what a
 * dashboard and a scraper ask, and stops. The JVM then writes the classes all that loaded to the archive, and a
 * server started with {@code -XX:SharedArchiveFile=monitoring-server.jsa} maps them instead of loading them from the
 * jar, which halves its start. The build makes the archive beside the jar; the image makes its own.
 */
final class ClassArchiveCommand {

    static final String NAME = "class-archive";

    /** What a client asks at first: the routes whose answers load the most classes. */
    private static final List<String> ASKED = List.of("/health", "/api/services", "/api/metrics", "/metrics",
            "/api/incidents", "/api/events", "/api/plugins", "/", "/socket.io/?EIO=4&transport=polling");

    private ClassArchiveCommand() {
    }

    static int run(PrintStream err) throws InterruptedException {
        Path directory;
        try {
            directory = Files.createTempDirectory("monitoring-class-archive");
        } catch (IOException e) {
            err.println("Cannot make a directory to run in: " + e.getMessage());
            return 1;
        }
        // Before the first logger: the run's logs go to its own directory, not the working one.
        System.setProperty("MONITORING_LOG_DIR", directory.resolve("logs").toString());
        System.setProperty("LOG_LEVEL", "WARN"); // a build's output, not a server's
        Main.configureLogging(System.getenv());
        Map<String, String> env = Map.of("PORT", "0", "MONITORING_DATA_DIR", directory.resolve("data").toString(),
                "HEALTH_CHECK_INTERVAL", "200", "METRICS_COLLECTION_INTERVAL", "200");
        try (MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(env, directory),
                "127.0.0.1")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + server.port();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!get(client, base + "/api/services/" + MonitoringServer.SELF).contains("\"status\":\"up\"")) {
                if (System.nanoTime() > deadline) {
                    err.println("The server never found itself up; the archive holds what loaded so far.");
                    return 1;
                }
                Thread.sleep(50);
            }
            for (String path : ASKED) {
                get(client, base + path);
            }
            return 0;
        } finally {
            delete(directory);
        }
    }

    private static String get(HttpClient client, String url) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind; the system's cleaner takes it
        }
    }
}
