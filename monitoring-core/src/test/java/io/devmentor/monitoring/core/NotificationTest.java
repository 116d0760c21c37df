package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import io.devmentor.monitoring.tck.VirtualTime;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Notifications to real receivers: local HTTP endpoints for Slack and the webhook, GreenMail for email. The engine
 * runs on virtual time: delays, retries, backoff and escalations pass when the test says so; the deliveries are
 * real.
 */
@Isolated("it counts the threads the JVM starts")
class NotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Longer than every delay, backoff and delivery deadline of these settings. */
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(5);

    private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-03-02T10:00:00Z"));

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

    @TempDir
    Path dir;

    private final Map<String, HealthStatus> health = new ConcurrentHashMap<>();
    private final AtomicInteger flips = new AtomicInteger();

    private Monitoring monitoring(Map<String, String> env, NotificationSettings settings,
            ServiceDefinition.Builder... services) {
        Map<String, String> all = new HashMap<>(env);
        all.put("MONITORING_DATA_DIR", dir.resolve("data").toString());
        // Once, at the start: the settling minutes of virtual time would otherwise sample this busy machine's CPU.
        all.put("METRICS_COLLECTION_INTERVAL", Long.toString(Duration.ofDays(1).toMillis()));
        MonitoringBuilder builder = onVirtualTime(Monitoring.builder())
                .configuration(MonitoringConfiguration.fromEnvironment(all, dir))
                .notificationSettings(settings)
                .healthChecker("switch", service -> {
                    HealthStatus status = service.name().equals("flappy")
                            ? (flips.incrementAndGet() % 2 == 0 ? HealthStatus.UP : HealthStatus.DOWN)
                            : health.getOrDefault(service.name(), HealthStatus.UP);
                    return CompletableFuture.completedFuture(new CheckResult(status, time.now(), Duration.ofMillis(1),
                            status.name(), Map.of()));
                });
        for (ServiceDefinition.Builder service : services) {
            builder.service(service.kind("switch").interval(Duration.ofMillis(40)).retryAttempts(0).build());
        }
        return builder.build();
    }

    @AfterEach
    void stopTime() {
        time.shutdownNow();
    }

    private MonitoringBuilder onVirtualTime(MonitoringBuilder builder) {
        return builder.scheduler(time).clock(time.clock()).ticker(time::nanoTime).executor(time.workers(2));
    }

    /** Waits for a condition while virtual time passes, 100 ms of it at a time: for deliveries, which are real. */
    private void awaitPassing(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what
                        + " (virtual time " + time.now() + ")");
            }
            time.advance(Duration.ofMillis(100));
            LockSupport.parkNanos(1_000_000); // the real deliveries go on meanwhile
        }
    }

    /**
     * Lets every delay, retry and escalation of these settings come due, and waits until no delivery is pending:
     * after it, whatever the engine would still send has been sent.
     */
    private void settle(Monitoring monitoring) {
        for (int round = 0; round < 2; round++) {
            time.advance(LONG_ENOUGH);
            awaitPassing("every notification delivered or failed", () -> monitoring.notifications(Optional.empty(),
                    10_000).stream().noneMatch(r -> r.status().equals("pending")));
        }
    }

    private static NotificationSettings quick(Duration delay) {
        return new NotificationSettings(delay, Duration.ofSeconds(30), List.of());
    }

    @Test
    void anIncidentsChangesReachAChannelInTheirOrderEvenWhenOneIsRetried() throws Exception {
        try (Receiver webhook = new Receiver();
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()), quick(Duration.ZERO))) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "Service not responding", IncidentSeverity.HIGH,
                    "alice");
            awaitPassing("opened delivered", () -> webhook.received.size() == 1);
            webhook.failing(2, 503); // the next request, the acknowledgement's first try, is refused
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            monitoring.incidents().resolve(incident.id(), "bob", Optional.empty());
            awaitPassing("three delivered", () -> webhook.received.size() == 3);
            assertEquals(List.of("opened", "acknowledged", "resolved"),
                    webhook.received.stream().map(n -> n.get("transition").asText()).toList(),
                    "the resolution waits for the acknowledgement's retry");
            assertEquals(4, webhook.requests.get());
        }
    }

    @Test
    void retriesAgainstAFailingReceiverStartNoThreadPerAttempt() throws Exception {
        try (Receiver webhook = new Receiver().failing(1_000_000, 500);
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()), quick(Duration.ZERO))) {
            monitoring.start();
            // A first wave, so that the HTTP client's pool has the threads it needs for 40 at once.
            for (int i = 0; i < 40; i++) {
                monitoring.incidents().open("warm-" + i, "down", IncidentSeverity.HIGH, "alice");
            }
            awaitPassing("the first wave's attempts", () -> webhook.requests.get() >= 80);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long startedBefore = threads.getTotalStartedThreadCount();
            int before = webhook.requests.get();
            for (int i = 0; i < 40; i++) {
                monitoring.incidents().open("svc-" + i, "down", IncidentSeverity.HIGH, "alice");
            }
            // Four attempts each (the backoff of 1, 2 and 4 s between them passes on virtual time), so that the
            // attempts far outnumber what may run at once.
            awaitPassing("160 attempts", () -> webhook.requests.get() >= before + 160);
            long started = threads.getTotalStartedThreadCount() - startedBefore;
            int attempts = webhook.requests.get() - before;
            // A thread per attempt would start at least one for each. The client's and the engine's pools grow
            // with what runs at once, at most the 40 deliveries under way: 0 or 1 here, 31 once on a slow CI.
            assertTrue(started * 3 < attempts, started + " threads started for " + attempts + " attempts");
        }
    }

    @Test
    void eachStateChangeReachesEachChannelOnceAndServerErrorsAreRetried() throws Exception {
        try (Receiver slack = new Receiver().failing(2, 503); Receiver webhook = new Receiver();
                Monitoring monitoring = monitoring(Map.of("ALERT_SLACK_ENABLED", "true", "SLACK_WEBHOOK_URL", slack.url(),
                        "MONITORING_WEBHOOK_URL", webhook.url()), quick(Duration.ZERO))) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "Service not responding", IncidentSeverity.HIGH,
                    "alice");
            awaitPassing("opened at both", () -> slack.received.size() == 1 && webhook.received.size() == 1);
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            monitoring.incidents().resolve(incident.id(), "bob", Optional.empty());
            awaitPassing("three at both", () -> slack.received.size() == 3 && webhook.received.size() == 3);
            settle(monitoring);
            assertEquals(3, slack.received.size(), "no duplicates");
            assertEquals(5, slack.requests.get(), "two 503s, then three deliveries");

            assertTrue(slack.received.get(0).get("text").asText().startsWith("[HIGH] auth opened: Service not responding"));
            List<String> transitions = webhook.received.stream().map(n -> n.get("transition").asText()).toList();
            assertEquals(List.of("opened", "acknowledged", "resolved"), transitions);
            JsonNode body = webhook.received.get(2);
            assertEquals(incident.id() + ":resolved", body.get("id").asText());
            assertEquals("resolved", body.get("incident").get("status").asText());

            List<NotificationRecord> log = monitoring.notifications(Optional.of(incident.id()), 100);
            assertEquals(6, log.size());
            assertTrue(log.stream().allMatch(r -> r.status().equals("delivered")));
            NotificationRecord retried = log.stream().filter(r -> r.channel().equals("slack")
                    && r.transition().equals("opened")).findFirst().orElseThrow();
            assertEquals(3, retried.attempts());
            for (NotificationRecord record : log) {
                assertFalse(record.toString().contains("secret-part"), "no webhook URL in the log");
            }
            awaitPassing("timeline notes", () -> monitoring.incidents().find(incident.id()).orElseThrow()
                    .timeline().stream().filter(t -> t.kind().equals("notified")).count() == 6);
        }
    }

    @Test
    void aClientErrorIsNeverRetried() throws Exception {
        try (Receiver webhook = new Receiver().failing(100, 400);
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()), quick(Duration.ZERO))) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "x", IncidentSeverity.LOW, "alice");
            awaitPassing("the failure recorded", () -> monitoring.notifications(Optional.empty(), 10).stream()
                    .anyMatch(r -> r.status().equals("failed")));
            settle(monitoring);
            assertEquals(1, webhook.requests.get(), "one attempt only");
            NotificationRecord record = monitoring.notifications(Optional.empty(), 10).get(0);
            assertEquals("the webhook answered HTTP 400", record.lastError().orElseThrow());
            awaitPassing("on the timeline", () -> monitoring.incidents().find(incident.id()).orElseThrow()
                    .timeline().stream().map(TimelineEntry::kind).anyMatch("notification.failed"::equals));
        }
    }

    @Test
    void emailGoesThroughARealSmtpServer() throws Exception {
        try (Monitoring monitoring = monitoring(Map.of("ALERT_EMAIL_ENABLED", "true", "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", Integer.toString(mail.getSmtp().getPort()), "ALERT_EMAIL_FROM", "monitoring@example.test",
                "ALERT_EMAIL_TO", "oncall@example.test, lead@example.test"), quick(Duration.ZERO))) {
            monitoring.start();
            monitoring.incidents().open("payments", "Card declines spiking", IncidentSeverity.CRITICAL, "alice");
            awaitPassing("the emails", () -> mail.getReceivedMessages().length >= 2);
            assertEquals(2, mail.getReceivedMessages().length, "one per recipient");
            MimeMessage message = mail.getReceivedMessages()[0];
            assertEquals("[critical] payments: opened — Card declines spiking", message.getSubject());
            assertTrue(((String) message.getContent()).contains("Card declines spiking"));
        }
    }

    @Test
    void aFlappingServicePagesAtMostOncePerEpisode() throws Exception {
        try (Receiver webhook = new Receiver();
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()),
                        quick(Duration.ofMillis(500)), ServiceDefinition.builder("flappy"))) {
            monitoring.start();
            awaitPassing("flapping", () -> monitoring.incidents().active().stream().anyMatch(Incident::flapping));
            time.advance(Duration.ofSeconds(3)); // 75 more checks of the flapping service
            Await.until(WAIT, "no delivery pending", () -> monitoring.notifications(Optional.empty(), 10_000)
                    .stream().noneMatch(r -> r.status().equals("pending")));
            assertTrue(webhook.received.size() <= 1, "notifications: " + webhook.received.size());
        }
    }

    @Test
    void aDependencyChainFailingTogetherPagesOnce() throws Exception {
        try (Receiver webhook = new Receiver();
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()),
                        quick(Duration.ofMillis(800)), ServiceDefinition.builder("database"),
                        ServiceDefinition.builder("api").dependsOn("database"),
                        ServiceDefinition.builder("web").dependsOn("api"))) {
            monitoring.start();
            health.put("web", HealthStatus.DOWN);
            time.advance(Duration.ofMillis(100));
            health.put("api", HealthStatus.DOWN);
            time.advance(Duration.ofMillis(100));
            health.put("database", HealthStatus.DOWN);
            awaitPassing("the page", () -> webhook.received.size() >= 1);
            settle(monitoring);
            assertEquals(1, webhook.received.size(), "one paging incident: " + webhook.received);
            assertEquals("database", webhook.received.get(0).get("incident").get("service").asText());
            assertEquals(3, monitoring.incidents().active().size());
        }
    }

    @Test
    void escalationNotifiesTheNextLevelOnlyWhileUnacknowledged() throws Exception {
        NotificationSettings settings = new NotificationSettings(Duration.ZERO, Duration.ofSeconds(30), List.of(
                new NotificationSettings.EscalationPolicy(java.util.Set.of(IncidentSeverity.CRITICAL), java.util.Set.of(),
                        List.of(new NotificationSettings.Level(Duration.ZERO, List.of("webhook"), Optional.empty()),
                                new NotificationSettings.Level(Duration.ofMillis(1500), List.of("slack"),
                                        Optional.empty())))));
        try (Receiver slack = new Receiver(); Receiver webhook = new Receiver();
                Monitoring monitoring = monitoring(Map.of("ALERT_SLACK_ENABLED", "true", "SLACK_WEBHOOK_URL", slack.url(),
                        "MONITORING_WEBHOOK_URL", webhook.url()), settings)) {
            monitoring.start();
            Incident ignored = monitoring.incidents().open("auth", "nobody answers", IncidentSeverity.CRITICAL, "a");
            Incident handled = monitoring.incidents().open("billing", "someone answers", IncidentSeverity.CRITICAL, "a");
            Await.until(WAIT, "both opened, at once", () -> webhook.received.size() == 2);
            monitoring.incidents().acknowledge(handled.id(), "bob", Optional.empty());
            // Time stands still until the acknowledgement is told, so that the escalation comes after it.
            Await.until(WAIT, "the acknowledgement told", () -> webhook.received.size() == 3);
            time.advance(Duration.ofSeconds(2)); // the second level's time
            Await.until(WAIT, "the escalation", () -> slack.received.stream()
                    .anyMatch(n -> n.get("text").asText().contains("escalated")));
            settle(monitoring);
            assertEquals(1, slack.received.size(), "only the unacknowledged incident escalates");
            assertTrue(slack.received.get(0).get("text").asText().contains(ignored.id()));
        }
    }

    @Test
    void aRestartSendsNothingTwiceAndStillTellsTheResolution() throws Exception {
        Map<String, String> env = Map.of("MONITORING_WEBHOOK_URL", "", "MONITORING_INCIDENT_STORE", "h2");
        try (Receiver webhook = new Receiver()) {
            Map<String, String> withHook = new HashMap<>(env);
            withHook.put("MONITORING_WEBHOOK_URL", webhook.url());
            String id;
            try (Monitoring first = monitoring(withHook, quick(Duration.ZERO))) {
                first.start();
                id = first.incidents().open("auth", "broken", IncidentSeverity.HIGH, "alice").id();
                awaitPassing("opened sent and noted", () -> first.incidents().find(id).orElseThrow()
                        .timeline().stream().anyMatch(t -> t.kind().equals("notified")));
            }
            try (Monitoring second = monitoring(withHook, quick(Duration.ZERO))) {
                second.start();
                settle(second);
                assertEquals(1, webhook.received.size(), "the restart did not send 'opened' again");
                second.incidents().resolve(id, "bob", Optional.empty());
                awaitPassing("resolved sent", () -> webhook.received.size() == 2);
                assertEquals("resolved", webhook.received.get(1).get("transition").asText());
            }
        }
    }

    @Test
    void anUnacknowledgedIncidentIsRepeatedAtItsLevelsInterval() throws Exception {
        NotificationSettings settings = new NotificationSettings(Duration.ZERO, Duration.ofSeconds(30), List.of(
                new NotificationSettings.EscalationPolicy(java.util.Set.of(), java.util.Set.of(), List.of(
                        new NotificationSettings.Level(Duration.ZERO, List.of("webhook"),
                                Optional.of(Duration.ofSeconds(10)))))));
        try (Receiver webhook = new Receiver();
                Monitoring monitoring = onVirtualTime(Monitoring.builder())
                        .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR",
                                dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                                "MONITORING_WEBHOOK_URL", webhook.url()), dir))
                        .notificationSettings(settings).build()) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "nobody home", IncidentSeverity.HIGH, "a");
            Await.until(WAIT, "opened, at once", () -> webhook.received.size() == 1);
            time.advance(Duration.ofSeconds(25));
            Await.until(WAIT, "two repeats, at 10 s and 20 s", () -> webhook.received.size() == 3);
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            Await.until(WAIT, "the acknowledgement", () -> webhook.received.size() == 4);
            settle(monitoring);
            assertEquals(List.of("opened", "escalated", "escalated", "acknowledged"), webhook.received.stream()
                    .map(n -> n.get("transition").asText()).toList(), "acknowledging stops the repeats");
        }
    }

    @Test
    void anIncidentInMaintenancePagesNobody() throws Exception {
        Instant now = time.now();
        try (Receiver webhook = new Receiver()) {
            java.nio.file.Files.writeString(dir.resolve("monitoring.yml"), "incidents:\n  maintenance:\n"
                    + "    - services: [auth]\n      start: " + now.minusSeconds(60) + "\n      end: "
                    + now.plusSeconds(3600) + "\n");
            try (Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()),
                    quick(Duration.ZERO))) {
                monitoring.start();
                Incident incident = monitoring.incidents().open("auth", "planned work", IncidentSeverity.HIGH, "a");
                assertTrue(incident.maintenance());
                monitoring.incidents().open("billing", "not planned", IncidentSeverity.HIGH, "a");
                awaitPassing("billing's page", () -> webhook.received.size() == 1);
                settle(monitoring);
                assertEquals(1, webhook.received.size());
                assertEquals("billing", webhook.received.get(0).get("incident").get("service").asText());
            }
        }
    }
}
