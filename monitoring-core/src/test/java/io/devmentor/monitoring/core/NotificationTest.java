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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notifications to real receivers: local HTTP endpoints for Slack and the webhook, GreenMail for email. */
class NotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

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
        all.put("METRICS_COLLECTION_INTERVAL", "60000");
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(all, dir))
                .notificationSettings(settings)
                .healthChecker("switch", service -> {
                    HealthStatus status = service.name().equals("flappy")
                            ? (flips.incrementAndGet() % 2 == 0 ? HealthStatus.UP : HealthStatus.DOWN)
                            : health.getOrDefault(service.name(), HealthStatus.UP);
                    return CompletableFuture.completedFuture(new CheckResult(status, Instant.now(), Duration.ofMillis(1),
                            status.name(), Map.of()));
                });
        for (ServiceDefinition.Builder service : services) {
            builder.service(service.kind("switch").interval(Duration.ofMillis(40)).retryAttempts(0).build());
        }
        return builder.build();
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
            TestSupport.await(WAIT, "opened delivered", () -> webhook.received.size() == 1);
            webhook.failing(2, 503); // the next request, the acknowledgement's first try, is refused
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            monitoring.incidents().resolve(incident.id(), "bob", Optional.empty());
            TestSupport.await(WAIT, "three delivered", () -> webhook.received.size() == 3);
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
            TestSupport.await(WAIT, "the first wave's attempts", () -> webhook.requests.get() >= 80);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long startedBefore = threads.getTotalStartedThreadCount();
            int before = webhook.requests.get();
            for (int i = 0; i < 40; i++) {
                monitoring.incidents().open("svc-" + i, "down", IncidentSeverity.HIGH, "alice");
            }
            TestSupport.await(WAIT, "80 attempts", () -> webhook.requests.get() >= before + 80);
            long started = threads.getTotalStartedThreadCount() - startedBefore;
            int attempts = webhook.requests.get() - before;
            // A thread per attempt would start at least one for each; the client's and the engine's pools, which
            // grow with what runs at once, may start a dozen when the machine is slow (13 once, on CI).
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
            TestSupport.await(WAIT, "opened at both", () -> slack.received.size() == 1 && webhook.received.size() == 1);
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            monitoring.incidents().resolve(incident.id(), "bob", Optional.empty());
            TestSupport.await(WAIT, "three at both", () -> slack.received.size() == 3 && webhook.received.size() == 3);
            Thread.sleep(1500);
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
            TestSupport.await(WAIT, "timeline notes", () -> monitoring.incidents().find(incident.id()).orElseThrow()
                    .timeline().stream().filter(t -> t.kind().equals("notified")).count() == 6);
        }
    }

    @Test
    void aClientErrorIsNeverRetried() throws Exception {
        try (Receiver webhook = new Receiver().failing(100, 400);
                Monitoring monitoring = monitoring(Map.of("MONITORING_WEBHOOK_URL", webhook.url()), quick(Duration.ZERO))) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "x", IncidentSeverity.LOW, "alice");
            TestSupport.await(WAIT, "the failure recorded", () -> monitoring.notifications(Optional.empty(), 10).stream()
                    .anyMatch(r -> r.status().equals("failed")));
            Thread.sleep(1500);
            assertEquals(1, webhook.requests.get(), "one attempt only");
            NotificationRecord record = monitoring.notifications(Optional.empty(), 10).get(0);
            assertEquals("the webhook answered HTTP 400", record.lastError().orElseThrow());
            TestSupport.await(WAIT, "on the timeline", () -> monitoring.incidents().find(incident.id()).orElseThrow()
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
            assertTrue(mail.waitForIncomingEmail(15_000, 1));
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
            TestSupport.await(WAIT, "flapping", () -> monitoring.incidents().active().stream().anyMatch(Incident::flapping));
            Thread.sleep(3000);
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
            Thread.sleep(100);
            health.put("api", HealthStatus.DOWN);
            Thread.sleep(100);
            health.put("database", HealthStatus.DOWN);
            TestSupport.await(WAIT, "the page", () -> webhook.received.size() >= 1);
            Thread.sleep(2000);
            assertEquals(1, webhook.received.size(), "one paging incident");
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
            TestSupport.await(WAIT, "both opened", () -> webhook.received.size() == 2);
            monitoring.incidents().acknowledge(handled.id(), "bob", Optional.empty());
            TestSupport.await(WAIT, "the escalation", () -> slack.received.stream()
                    .anyMatch(n -> n.get("text").asText().contains("escalated")));
            Thread.sleep(1500);
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
                TestSupport.await(WAIT, "opened sent and noted", () -> first.incidents().find(id).orElseThrow()
                        .timeline().stream().anyMatch(t -> t.kind().equals("notified")));
            }
            try (Monitoring second = monitoring(withHook, quick(Duration.ZERO))) {
                second.start();
                Thread.sleep(2500);
                assertEquals(1, webhook.received.size(), "the restart did not send 'opened' again");
                second.incidents().resolve(id, "bob", Optional.empty());
                TestSupport.await(WAIT, "resolved sent", () -> webhook.received.size() == 2);
                assertEquals("resolved", webhook.received.get(1).get("transition").asText());
            }
        }
    }

    @Test
    void anUnacknowledgedIncidentIsRepeatedAtItsLevelsInterval() throws Exception {
        TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.now());
        NotificationSettings settings = new NotificationSettings(Duration.ZERO, Duration.ofSeconds(30), List.of(
                new NotificationSettings.EscalationPolicy(java.util.Set.of(), java.util.Set.of(), List.of(
                        new NotificationSettings.Level(Duration.ZERO, List.of("webhook"),
                                Optional.of(Duration.ofSeconds(10)))))));
        try (Receiver webhook = new Receiver();
                Monitoring monitoring = Monitoring.builder()
                        .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR",
                                dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                                "MONITORING_WEBHOOK_URL", webhook.url()), dir))
                        .clock(clock).notificationSettings(settings).build()) {
            monitoring.start();
            Incident incident = monitoring.incidents().open("auth", "nobody home", IncidentSeverity.HIGH, "a");
            TestSupport.await(WAIT, "opened", () -> webhook.received.size() == 1);
            clock.advance(Duration.ofSeconds(25));
            TestSupport.await(WAIT, "two repeats", () -> webhook.received.size() == 3);
            monitoring.incidents().acknowledge(incident.id(), "bob", Optional.empty());
            clock.advance(Duration.ofSeconds(60));
            TestSupport.await(WAIT, "the acknowledgement", () -> webhook.received.size() == 4);
            Thread.sleep(1500);
            assertEquals(List.of("opened", "escalated", "escalated", "acknowledged"), webhook.received.stream()
                    .map(n -> n.get("transition").asText()).toList(), "acknowledging stops the repeats");
        }
    }

    @Test
    void anIncidentInMaintenancePagesNobody() throws Exception {
        Instant now = Instant.now();
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
                TestSupport.await(WAIT, "billing's page", () -> webhook.received.size() == 1);
                Thread.sleep(1500);
                assertEquals(1, webhook.received.size());
                assertEquals("billing", webhook.received.get(0).get("incident").get("service").asText());
            }
        }
    }
}
