package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event-driven rules from the services file, acting on real receivers and a real restart endpoint. */
class EventRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private volatile HealthStatus health = HealthStatus.UP;

    @Test
    void aMatchingEventOpensAnIncidentNotifiesCallsAWebhookAndRestarts() throws Exception {
        AtomicInteger restarts = new AtomicInteger();
        HttpServer restartEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        restartEndpoint.createContext("/restart", exchange -> {
            restarts.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        restartEndpoint.start();
        try (Receiver channel = new Receiver(); Receiver ruleHook = new Receiver()) {
            Files.writeString(dir.resolve("monitoring.yml"), String.join("\n",
                    "services:",
                    "  worker:",
                    "    type: switch",
                    "    interval: 40",
                    "    retryAttempts: 0",
                    "    settings: {restartUrl: 'http://127.0.0.1:" + restartEndpoint.getAddress().getPort() + "/restart'}",
                    "  other:",
                    "    type: switch",
                    "    interval: 40",
                    "notifications: {delay: 60000}",
                    "rules:",
                    "  - name: worker-down",
                    "    on: service.down",
                    "    when: {services: [worker], severities: [error, critical], data: {status: DOWN}}",
                    "    actions:",
                    "      notify: [webhook]",
                    "      webhook: " + ruleHook.url(),
                    "      restart: true",
                    "      incident: {severity: critical, description: worker fell over}",
                    ""));
            MonitoringConfiguration config = MonitoringConfiguration.fromEnvironment(Map.of(
                    "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                    "MONITORING_WEBHOOK_URL", channel.url()), dir);
            assertEquals(1, config.rules().size());
            try (Monitoring monitoring = Monitoring.builder().configuration(config)
                    .healthChecker("switch", s -> CompletableFuture.completedFuture(new CheckResult(
                            s.name().equals("worker") ? health : HealthStatus.UP, Instant.now(), Duration.ofMillis(1),
                            "x", Map.of())))
                    .build()) {
                monitoring.start();
                health = HealthStatus.DOWN;
                Await.until(WAIT, "the rule's incident", () -> monitoring.incidents().active().stream()
                        .anyMatch(i -> i.cause().equals("rule:worker-down")));
                Incident ruleIncident = monitoring.incidents().active().stream()
                        .filter(i -> i.cause().equals("rule:worker-down")).findFirst().orElseThrow();
                assertEquals(IncidentSeverity.CRITICAL, ruleIncident.severity());
                assertEquals("worker fell over", ruleIncident.description());
                Await.until(WAIT, "the rule's webhook", () -> ruleHook.received.size() >= 1);
                Await.until(WAIT, "the rule's notification", () -> channel.received.stream()
                        .anyMatch(n -> n.get("transition").asText().startsWith("rule worker-down")));
                Await.until(WAIT, "the restart", () -> restarts.get() >= 1);
                Await.until(WAIT, "actions on the timeline", () -> monitoring.incidents().active().stream()
                        .flatMap(i -> i.timeline().stream()).map(TimelineEntry::kind)
                        .anyMatch(k -> k.equals("rule.notify")));
                assertTrue(monitoring.incidents().active().stream().noneMatch(i -> i.service().equals("other")),
                        "the rule is for worker only");
            }
        } finally {
            restartEndpoint.stop(0);
        }
    }

    @Test
    void aRuleWithoutActionsIsRefusedWithItsPath() throws Exception {
        Files.writeString(dir.resolve("monitoring.yml"), "rules:\n  - name: idle\n    on: service.down\n    actions: {}\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MonitoringConfiguration.fromEnvironment(Map.of(), dir));
        assertTrue(e.getMessage().contains("rules[0]: a rule needs at least one action"), e.getMessage());
        Files.writeString(dir.resolve("monitoring.yml"), "rules:\n  - name: bad\n    on: 'service down!'\n"
                + "    actions: {restart: true}\n");
        e = assertThrows(ConfigurationException.class, () -> MonitoringConfiguration.fromEnvironment(Map.of(), dir));
        assertTrue(e.getMessage().contains("rules[0].on: event pattern must be"), e.getMessage());
    }
}
