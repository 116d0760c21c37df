package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.RestartPolicy;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auto-response through the built-in HTTP service controller, against a real HTTP restart endpoint that
 * brings the service back (or fails to).
 */
class AutoResponseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final AtomicReference<HealthStatus> health = new AtomicReference<>(HealthStatus.UP);
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();
    private volatile int restartAnswer = 200;
    private volatile boolean restartHeals = true;
    private HttpServer restartEndpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        restartEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        restartEndpoint.createContext("/restart", exchange -> {
            restarts.incrementAndGet();
            if (restartHeals && restartAnswer == 200) {
                health.set(HealthStatus.UP);
            }
            exchange.sendResponseHeaders(restartAnswer, -1);
            exchange.close();
        });
        restartEndpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        restartEndpoint.stop(0);
    }

    private Monitoring monitoring(ServiceDefinition.Builder service) {
        return Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .healthChecker("switch", s -> {
                    checks.incrementAndGet();
                    return CompletableFuture.completedFuture(new CheckResult(health.get(), Instant.now(),
                            Duration.ofMillis(1), health.get() == HealthStatus.UP ? "fine" : "broken", Map.of()));
                })
                .service(service.kind("switch").interval(Duration.ofMillis(40)).retryAttempts(0).build())
                .build();
    }

    private ServiceDefinition.Builder restartable(RestartPolicy policy) {
        ServiceDefinition.Builder builder = ServiceDefinition.builder("worker").setting("restartUrl",
                "http://127.0.0.1:" + restartEndpoint.getAddress().getPort() + "/restart");
        return policy == null ? builder : builder.autoRestart(policy);
    }

    private static List<String> kinds(Incident incident) {
        return incident.timeline().stream().map(TimelineEntry::kind).toList();
    }

    @Test
    void restartsAFailingServiceAfterItsFailuresAndRecordsItOnTheIncident() {
        try (Monitoring monitoring = monitoring(restartable(new RestartPolicy(3, Duration.ZERO, 3)))) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of(EventTypes.SERVICE_RESTARTED, EventTypes.INCIDENT_RESOLVED), recorder);
            monitoring.start();
            health.set(HealthStatus.DOWN);
            MonitoringEvent restarted = recorder.awaitFirst(WAIT, "service.restarted",
                    e -> e.type().equals(EventTypes.SERVICE_RESTARTED));
            assertEquals(true, restarted.data().get("success"));
            assertEquals("engine", restarted.data().get("actor"));
            recorder.awaitFirst(WAIT, "the incident resolved", e -> e.type().equals(EventTypes.INCIDENT_RESOLVED));
            assertEquals(1, restarts.get(), "one restart brought it back");
            Incident incident = monitoring.incidents().query(new io.devmentor.monitoring.api.IncidentQuery(
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("worker"), 10, 0))
                    .items().get(0);
            List<String> kinds = kinds(incident);
            assertTrue(kinds.containsAll(List.of("detected", "restart", "restart.succeeded", "resolved")), kinds.toString());
            TimelineEntry request = incident.timeline().get(kinds.indexOf("restart"));
            assertTrue(request.message().contains("after 3 failed checks in a row"), request.message());
        }
    }

    @Test
    void stopsRestartingAtTheHourlyLimitAndEscalatesInstead() throws Exception {
        restartHeals = false;
        try (Monitoring monitoring = monitoring(restartable(new RestartPolicy(1, Duration.ZERO, 2)))) {
            monitoring.start();
            health.set(HealthStatus.DOWN);
            Await.until(WAIT, "escalation", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> kinds(i).contains("escalated")));
            int seen = checks.get();
            Await.until(WAIT, "five more failed checks", () -> checks.get() >= seen + 5);
            assertEquals(2, restarts.get(), "at most maxPerHour restarts");
            Incident incident = monitoring.incidents().active().get(0);
            assertEquals(1, kinds(incident).stream().filter("escalated"::equals).count(), "escalated once");
            assertEquals(2, kinds(incident).stream().filter("restart"::equals).count());
        }
    }

    @Test
    void aRestartThatFailsIsRecordedAsFailed() {
        restartAnswer = 500;
        try (Monitoring monitoring = monitoring(restartable(new RestartPolicy(2, Duration.ofHours(1), 3)))) {
            monitoring.start();
            health.set(HealthStatus.DOWN);
            Await.until(WAIT, "restart.failed", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> kinds(i).contains("restart.failed")));
            TimelineEntry failed = monitoring.incidents().active().get(0).timeline().stream()
                    .filter(t -> t.kind().equals("restart.failed")).findFirst().orElseThrow();
            assertEquals("restart endpoint answered HTTP 500", failed.message());
            assertEquals(1, restarts.get(), "the cooldown of an hour holds the next one");
        }
    }

    @Test
    void aPolicyWithoutAControllerSaysSoOnce() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("worker")
                .autoRestart(new RestartPolicy(1, Duration.ZERO, 3)))) {
            monitoring.start();
            health.set(HealthStatus.DOWN);
            Await.until(WAIT, "restart.unavailable", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> kinds(i).contains("restart.unavailable")));
            Await.until(WAIT, "more checks", () -> monitoring.service("worker").orElseThrow()
                    .consecutiveFailures() > 5);
            assertEquals(1, kinds(monitoring.incidents().active().get(0)).stream()
                    .filter("restart.unavailable"::equals).count());
            assertThrows(IllegalStateException.class, () -> monitoring.restart("worker", "alice"));
        }
    }

    @Test
    void aPersonCanRestartAServiceThatHasAController() throws Exception {
        try (Monitoring monitoring = monitoring(restartable(null))) {
            monitoring.start();
            assertTrue(monitoring.canRestart("worker"));
            RestartResult result = monitoring.restart("worker", "alice").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(result.success(), result.message());
            assertEquals(1, restarts.get());
            assertThrows(NoSuchElementException.class, () -> monitoring.restart("nobody", "alice"));
        }
    }
}
