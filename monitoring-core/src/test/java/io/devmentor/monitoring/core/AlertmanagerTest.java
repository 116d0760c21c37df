package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.tck.Await;
import java.io.File;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents as alerts in a real Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code .ci/run}
 * installs; this test fails, never skips, without it): firing while open, gone once resolved.
 */
class AlertmanagerTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anIncidentFiresInAlertmanagerAndResolvesThere() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                "route:\n  receiver: devnull\nreceivers:\n  - name: devnull\n");
        Process alertmanager = new ProcessBuilder(binary(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        try {
            Await.until(Duration.ofSeconds(20), "Alertmanager ready", () -> status(base + "/-/ready") == 200);
            try (Monitoring monitoring = Monitoring.builder()
                    .configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                            "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                            "ALERTMANAGER_URL", base), dir))
                    .notificationSettings(new NotificationSettings(Duration.ZERO, Duration.ofSeconds(30), List.of()))
                    .build()) {
                monitoring.start();
                Incident incident = monitoring.incidents().open("checkout", "Payment provider timing out",
                        IncidentSeverity.CRITICAL, "alice");
                Await.until(Duration.ofSeconds(15), "the alert firing", () -> alert(base, incident.id()).isPresent());
                JsonNode alert = alert(base, incident.id()).orElseThrow();
                assertEquals("active", alert.get("status").get("state").asText());
                assertEquals("checkout", alert.get("labels").get("service").asText());
                assertEquals("critical", alert.get("labels").get("severity").asText());
                assertEquals("Payment provider timing out", alert.get("annotations").get("summary").asText());

                monitoring.incidents().resolve(incident.id(), "alice", Optional.empty());
                Await.until(Duration.ofSeconds(15), "the alert resolved", () -> alert(base, incident.id()).isEmpty());
            }
        } finally {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int status(String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** The active alert of an incident, if Alertmanager shows one. */
    private Optional<JsonNode> alert(String base, String incidentId) {
        try {
            String body = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode alert : json.readTree(body)) {
                if (incidentId.equals(alert.path("labels").path("incident_id").asText())) {
                    return Optional.of(alert);
                }
            }
            return Optional.empty();
        } catch (IOException | InterruptedException e) {
            fail("Alertmanager did not answer: " + e);
            return Optional.empty();
        }
    }

    private static String binary() {
        for (String name : List.of("prometheus-alertmanager", "alertmanager")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
                File candidate = new File(dir, name);
                if (candidate.canExecute()) {
                    return candidate.getPath();
                }
            }
        }
        throw new AssertionError("Alertmanager is not installed: run `apt-get install -y prometheus-alertmanager`"
                + " (.ci/run does)");
    }
}
