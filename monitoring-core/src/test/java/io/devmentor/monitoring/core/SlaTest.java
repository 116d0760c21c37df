package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.intelligence.SlaTracker;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Objectives on a service checked every 20 ms by a checker a test switches, on a clock the test moves: the
 * checks land in the minutes the test chooses, so that burn-rate windows can be filled and emptied.
 */
class SlaTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger checks = new AtomicInteger();
    private final Map<String, AtomicInteger> checksOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final TestSupport.MovableClock clock = new TestSupport.MovableClock(Instant.parse("2026-11-24T10:00:00Z"));

    private Monitoring monitoring() {
        return builder().build();
    }

    private MonitoringBuilder builder() {
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                        "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                        "METRICS_COLLECTION_INTERVAL", "60000", "SLA_EVALUATION_INTERVAL", "100"), dir))
                .clock(clock)
                .healthChecker("switch", service -> {
                    checks.incrementAndGet();
                    checksOf.computeIfAbsent(service.name(), n -> new AtomicInteger()).incrementAndGet();
                    boolean fine = up.get();
                    return CompletableFuture.completedFuture(new CheckResult(fine ? HealthStatus.UP : HealthStatus.DOWN,
                            clock.instant(), Duration.ofMillis(fine ? 100 : 1), fine ? "fine" : "broken", Map.of()));
                })
                .service(ServiceDefinition.builder("payments").kind("switch").interval(Duration.ofMillis(20))
                        .retryAttempts(0).objectives(new Objectives(Optional.of(99.0),
                                Optional.of(Duration.ofMillis(300)), 95)).build())
                .service(ServiceDefinition.builder("search").kind("switch").interval(Duration.ofMillis(20))
                        .retryAttempts(0).build());
    }

    private void awaitChecks(int more) {
        int target = checks.get() + more;
        Await.until(WAIT, more + " checks", () -> checks.get() >= target);
    }

    @Test
    void aBurstOfFailuresIsAFastBurnAlertWithAnIncidentThatResolvesWhenTheBurnStops() {
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        try (Monitoring monitoring = monitoring()) {
            monitoring.subscribe(EventFilter.of("sla.*"), recorder);
            monitoring.start();
            awaitChecks(200); // two services: about 100 good checks of payments
            up.set(false);
            // Failures in the same minute: the burn passes 6 (slow) on its way over 14.4 (fast) in 1 h and 5 min.
            MonitoringEvent burn = recorder.awaitFirst(WAIT, "a fast burn-rate alert",
                    e -> e.type().equals(EventTypes.SLA_BURN_RATE) && "fast".equals(e.data().get("kind")));
            assertEquals("payments", burn.source());
            assertEquals("availability", burn.data().get("objective"));
            assertEquals("1h/5m", burn.data().get("windows"));
            Await.until(WAIT, "an SLA incident", () -> slaIncident(monitoring).isPresent());
            // Opened as medium when the burn passed the slow alert's bar, raised once it turned fast.
            Await.until(WAIT, "the SLA incident at high severity",
                    () -> slaIncident(monitoring).map(i -> i.severity() == IncidentSeverity.HIGH).orElse(false));
            SlaReport report = monitoring.sla("payments").orElseThrow();
            assertEquals(1, report.alerts().size());
            assertTrue(report.burnRates().get("availability").get("5m") > 14.4, report.burnRates().toString());
            SlaReport.Window day = report.compliance().get("1d");
            assertTrue(day.checks() > 100 && day.availability() < 99, day.toString());
            assertTrue(day.availabilityBudgetLeft() < 0, "the month's budget is spent: " + day);
            assertEquals(100.0, day.latency(), 0.001, "every available check took 100 ms, under 300");
            assertTrue(monitoring.sla("search").isEmpty(), "search has no objectives");
            assertEquals(1, monitoring.sla().size());

            // 40 minutes later, healthy again: the 5- and 30-minute windows are clean, the alert and the incident end.
            up.set(true);
            clock.advance(Duration.ofMinutes(40));
            awaitChecks(40);
            recorder.awaitFirst(WAIT, "the alert's end", e -> e.type().equals(EventTypes.SLA_RECOVERED));
            Await.until(WAIT, "the SLA incident resolved", () -> slaIncident(monitoring).isEmpty());
            assertTrue(recorder.count(e -> e.type().equals(EventTypes.SLA_BURN_RATE)) <= 2,
                    "an alert when it begins and when it turns fast, not one per round");
            assertEquals(1, monitoring.incidents().query(new io.devmentor.monitoring.api.IncidentQuery(
                    Optional.empty(), Optional.empty(), Optional.of("payments"), 50, 0)).items().stream()
                    .filter(i -> i.cause().equals("sla.availability")).count(), "one incident for the alert");
            assertTrue(monitoring.sla("payments").orElseThrow().alerts().isEmpty());
        }
    }

    @Test
    void theMonthsCountsSurviveARestart() throws Exception {
        long before;
        try (Monitoring monitoring = monitoring()) {
            monitoring.start();
            awaitChecks(100);
            before = monitoring.sla("payments").orElseThrow().compliance().get("30d").checks();
            assertTrue(before > 0);
        }
        assertTrue(Files.exists(dir.resolve("data").resolve(SlaTracker.FILE)), "saved at close");
        try (Monitoring monitoring = monitoring()) {
            assertTrue(monitoring.sla("payments").orElseThrow().compliance().get("30d").checks() >= before,
                    "read at start");
        }
    }

    private static Optional<Incident> slaIncident(Monitoring monitoring) {
        return monitoring.incidents().active().stream()
                .filter(i -> i.service().equals("payments") && i.cause().equals("sla.availability")).findFirst();
    }

    @Test
    void withASharedStoreEachCheckIsCountedOnceByTheInstanceThatMadeItAndEveryInstanceReportsTheSame()
            throws Exception {
        io.devmentor.monitoring.tck.MemorySharedStore store = new io.devmentor.monitoring.tck.MemorySharedStore();
        try (Monitoring a = builder().sharedStore(store).build();
                Monitoring b = builder().sharedStore(store).configuration(MonitoringConfiguration.fromEnvironment(
                        Map.of("MONITORING_DATA_DIR", dir.resolve("b").toString(),
                                "METRICS_COLLECTION_INTERVAL", "60000"), dir)).build()) {
            a.start();
            b.start(); // two instances, not clustered: each checks, each counts its own checks once
            awaitChecks(300);
        }
        // Both closed: every check each made is in the store. Half of them were of payments, the other service.
        try (Monitoring c = builder().sharedStore(store).configuration(MonitoringConfiguration.fromEnvironment(
                Map.of("MONITORING_DATA_DIR", dir.resolve("c").toString(), "METRICS_COLLECTION_INTERVAL", "60000"),
                dir)).build()) {
            long counted = c.sla("payments").orElseThrow().compliance().get("30d").checks();
            long made = checksOf.get("payments").get();
            // A check under way as its engine closed (at most one per engine) ends uncounted.
            assertTrue(counted <= made && counted >= made - 2 && counted > 50, "every check of payments counted"
                    + " once, by whichever instance made it: " + counted + " counted of " + made + " made");
            assertTrue(Files.notExists(dir.resolve("c").resolve(SlaTracker.FILE)), "nothing kept beside the store");

            store.away(true);
            org.junit.jupiter.api.Assertions.assertThrows(SharedStorageException.class, () -> c.sla("payments"),
                    "a store that is away is said to be, not read as an empty month");
        }
    }
}
