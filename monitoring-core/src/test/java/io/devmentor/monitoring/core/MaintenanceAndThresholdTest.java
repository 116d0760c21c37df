package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows, threshold incidents and the services file's incidents section. */
class MaintenanceAndThresholdTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void oneOffAndRecurringWindowsCoverWhatTheySay() {
        Instant start = Instant.parse("2026-11-24T02:00:00Z");
        MaintenanceWindow oneOff = new MaintenanceWindow(Set.of("auth"), Optional.of(start),
                Optional.of(start.plusSeconds(3600)), Set.of(), Optional.empty(), Optional.empty(), ZoneOffset.UTC);
        assertTrue(oneOff.covers("auth", start.plusSeconds(10)));
        assertFalse(oneOff.covers("auth", start.plusSeconds(3600)), "the end is excluded");
        assertFalse(oneOff.covers("memory", start.plusSeconds(10)), "other services are not covered");

        // Saturdays 23:00 to 01:00 in Paris: past midnight into Sunday.
        MaintenanceWindow weekly = new MaintenanceWindow(Set.of(), Optional.empty(), Optional.empty(),
                Set.of(DayOfWeek.SATURDAY), Optional.of(LocalTime.of(23, 0)), Optional.of(LocalTime.of(1, 0)),
                ZoneId.of("Europe/Paris"));
        assertTrue(weekly.covers("any", Instant.parse("2026-11-28T22:30:00Z")), "Saturday 23:30 in Paris");
        assertTrue(weekly.covers("any", Instant.parse("2026-11-28T23:30:00Z")), "Sunday 00:30 in Paris");
        assertFalse(weekly.covers("any", Instant.parse("2026-11-29T00:30:00Z")), "Sunday 01:30 in Paris");
        assertFalse(weekly.covers("any", Instant.parse("2026-11-27T22:30:00Z")), "a Friday");
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow(Set.of(), Optional.of(start),
                Optional.of(start), Set.of(), Optional.empty(), Optional.empty(), ZoneOffset.UTC));
    }

    @Test
    void theServicesFileCarriesTheIncidentSettings() throws Exception {
        Files.writeString(dir.resolve("monitoring.yml"), String.join("\n",
                "incidents:",
                "  autoResolveAfter: 5",
                "  thresholdDuration: 30000",
                "  flapping: {window: 11, high: 40, low: 20}",
                "  severity: {criticalServiceDown: high, serviceDown: medium, manyServicesDown: 4, threshold: low}",
                "  maintenance:",
                "    - services: [auth]",
                "      start: 2026-11-24T02:00:00Z",
                "      end: 2026-11-24T03:00:00Z",
                "    - days: [sat, sun]",
                "      from: \"02:00\"",
                "      to: \"04:00\"",
                "      zone: Europe/Paris",
                ""));
        IncidentSettings settings = MonitoringConfiguration.fromEnvironment(Map.of(), dir).incidents();
        assertEquals(5, settings.autoResolveAfter());
        assertEquals(Duration.ofSeconds(30), settings.thresholdDuration());
        assertEquals(11, settings.flapWindow());
        assertEquals(IncidentSeverity.MEDIUM, settings.downSeverity());
        assertEquals(IncidentSeverity.LOW, settings.thresholdSeverity());
        assertEquals(2, settings.maintenance().size());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), settings.maintenance().get(1).days());

        Files.writeString(dir.resolve("monitoring.yml"), "incidents:\n  maintenance:\n    - days: [funday]\n"
                + "      from: \"02:00\"\n      to: \"03:00\"\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MonitoringConfiguration.fromEnvironment(Map.of(), dir));
        assertTrue(e.getMessage().contains("incidents.maintenance[0].days: days must be days of the week"),
                e.getMessage());
        Files.writeString(dir.resolve("monitoring.yml"), "incidents:\n  severity: {serviceDown: urgent}\n");
        e = assertThrows(ConfigurationException.class, () -> MonitoringConfiguration.fromEnvironment(Map.of(), dir));
        assertTrue(e.getMessage().contains("incidents.severity.serviceDown: severity must be one of"), e.getMessage());
    }

    private final AtomicLong latencyMillis = new AtomicLong(1);
    private volatile HealthStatus status = HealthStatus.UP;

    private Monitoring monitoring(IncidentSettings settings) {
        return Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .incidentSettings(settings)
                .healthChecker("switch", s -> CompletableFuture.completedFuture(new CheckResult(status, Instant.now(),
                        Duration.ofMillis(latencyMillis.get()), "ok", Map.of())))
                .service(ServiceDefinition.builder("api").kind("switch").interval(Duration.ofMillis(40))
                        .retryAttempts(0).thresholds(new io.devmentor.monitoring.api.Thresholds(80, 90, 0.05,
                                Duration.ofMillis(20))).build())
                .build();
    }

    @Test
    void aThresholdBreachThatLastsOpensAnIncidentThatClosesWhenItClears() {
        IncidentSettings settings = new IncidentSettings(3, 21, 50, 25, IncidentSeverity.CRITICAL,
                IncidentSeverity.HIGH, 3, Duration.ofMillis(200), IncidentSeverity.MEDIUM, java.util.List.of());
        try (Monitoring monitoring = monitoring(settings)) {
            monitoring.start();
            latencyMillis.set(30);
            Await.until(WAIT, "a responseTime incident", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> i.cause().equals("threshold.responseTime")));
            Incident incident = monitoring.incidents().active().get(0);
            assertEquals(IncidentSeverity.MEDIUM, incident.severity(), "30 ms is not twice the 20 ms threshold");
            // The mean of the window when the breach had lasted: the 30 ms checks, with the 1 ms ones before them
            // while they still count.
            java.util.regex.Matcher mean = java.util.regex.Pattern.compile(
                    "responseTime is (\\d+) ms, over its threshold of 20 ms").matcher(incident.description());
            assertTrue(mean.find(), incident.description());
            int meanMillis = Integer.parseInt(mean.group(1));
            assertTrue(meanMillis > 20 && meanMillis <= 30, incident.description());
            assertTrue(incident.description().matches(".* since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?Z"),
                    "a time a person reads, to the second: " + incident.description());
            Await.until(WAIT, "its analysis", () -> monitoring.incidents().find(incident.id()).orElseThrow()
                    .timeline().stream().anyMatch(t -> t.kind().equals("analysis")));
            IncidentAnalysis analysis = monitoring.analysis(incident.id()).orElseThrow();
            assertEquals("threshold", analysis.failureKind());
            assertEquals("threshold", analysis.suggestions().get(0).kind(), "the knowledge base's entry for it");
            assertEquals("api", analysis.causes().get(0).service());
            assertEquals("its own failure: threshold", analysis.causes().get(0).reason());
            latencyMillis.set(1);
            Await.until(Duration.ofSeconds(30), "resolved once the mean falls back", () ->
                    monitoring.incidents().find(incident.id()).orElseThrow().status() == IncidentStatus.RESOLVED);
        }
    }

    @Test
    void anIncidentInAMaintenanceWindowIsMarkedAndSaysItPagesNobody() {
        Instant now = Instant.now();
        MaintenanceWindow window = new MaintenanceWindow(Set.of("api"), Optional.of(now.minusSeconds(60)),
                Optional.of(now.plusSeconds(3600)), Set.of(), Optional.empty(), Optional.empty(), ZoneOffset.UTC);
        IncidentSettings settings = new IncidentSettings(3, 21, 50, 25, IncidentSeverity.CRITICAL,
                IncidentSeverity.HIGH, 3, Duration.ofMinutes(1), IncidentSeverity.MEDIUM, java.util.List.of(window));
        try (Monitoring monitoring = monitoring(settings)) {
            monitoring.start();
            status = HealthStatus.DOWN;
            Await.until(WAIT, "an incident", () -> !monitoring.incidents().active().isEmpty());
            Incident incident = monitoring.incidents().active().get(0);
            assertTrue(incident.maintenance());
            assertTrue(incident.timeline().stream().map(TimelineEntry::kind).anyMatch("maintenance"::equals));
            Incident other = monitoring.incidents().open("billing", "broken", IncidentSeverity.LOW, "alice");
            assertFalse(other.maintenance(), "the window covers api only");
        }
    }

    @Test
    void withASharedStoreAWindowScheduledOnOneInstanceIsReadByAnotherAndOnesKeptInAFileAreAddedToIt()
            throws Exception {
        // An instance that kept a window in its file before it had a shared store.
        Instant now = Instant.now();
        try (Monitoring before = monitoring(IncidentSettings.DEFAULTS)) {
            before.scheduleMaintenance(java.util.Set.of("api"), now, now.plus(Duration.ofHours(1)), "kept in a file",
                    Actor.user("alice"));
        }
        io.devmentor.monitoring.tck.MemorySharedStore store = new io.devmentor.monitoring.tck.MemorySharedStore();
        try (Monitoring a = Monitoring.builder().configuration(TestSupport.configuration(dir, 60_000))
                .sharedStore(store).build()) {
            assertEquals(java.util.List.of("kept in a file"), a.scheduledMaintenance().stream()
                    .map(ScheduledMaintenance::reason).toList(), "added to the store from the file");
            a.scheduleMaintenance(java.util.Set.of(), now.plus(Duration.ofHours(2)), now.plus(Duration.ofHours(3)),
                    "database upgrade", Actor.user("bob"));
        }
        java.nio.file.Path elsewhere = dir.resolve("elsewhere");
        try (Monitoring b = Monitoring.builder().configuration(TestSupport.configuration(elsewhere, 60_000))
                .sharedStore(store).build()) {
            assertEquals(java.util.List.of("kept in a file", "database upgrade"), b.scheduledMaintenance().stream()
                    .map(ScheduledMaintenance::reason).toList(), "another instance, another data directory");
            assertEquals("bob", b.scheduledMaintenance().get(1).scheduledBy());
            store.away(true);
            assertThrows(SharedStorageException.class, () -> b.scheduleMaintenance(java.util.Set.of(), now,
                    now.plus(Duration.ofHours(1)), "while the store is away", Actor.user("carol")));
            assertEquals(2, b.scheduledMaintenance().size(), "nothing changed");
        }
    }
}
