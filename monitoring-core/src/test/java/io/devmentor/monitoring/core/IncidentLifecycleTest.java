package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Open → acknowledged → resolved, with comments, in both built-in stores; and restored after a restart. */
class IncidentLifecycleTest {

    @TempDir
    Path dir;

    private Monitoring monitoring(String store) {
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                        "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                        "METRICS_COLLECTION_INTERVAL", "60000",
                        "MONITORING_INCIDENT_STORE", store), dir))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void aManualIncidentGoesThroughItsLifecycleWithATimeline(String store) {
        try (Monitoring monitoring = monitoring(store)) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("incident.*"), recorder);
            Incidents incidents = monitoring.incidents();
            Incident opened = incidents.open("auth", "Service not responding", IncidentSeverity.HIGH, "alice");
            assertEquals(IncidentStatus.OPEN, opened.status());
            assertEquals("manual", opened.cause());

            incidents.comment(opened.id(), "bob", "looking at the logs");
            Incident acknowledged = incidents.acknowledge(opened.id(), "bob", Optional.of("on it"));
            assertEquals(IncidentStatus.ACKNOWLEDGED, acknowledged.status());
            assertThrows(IllegalStateException.class, () -> incidents.acknowledge(opened.id(), "carol", Optional.empty()));
            Incident resolved = incidents.resolve(opened.id(), "bob", Optional.of("restarted the pod"));
            assertEquals(IncidentStatus.RESOLVED, resolved.status());
            assertThrows(IllegalStateException.class, () -> incidents.resolve(opened.id(), "bob", Optional.empty()));

            Incident stored = incidents.find(opened.id()).orElseThrow();
            assertEquals(List.of("opened", "comment", "acknowledged", "resolved"),
                    stored.timeline().stream().map(TimelineEntry::kind).toList());
            assertEquals(List.of("alice", "bob", "bob", "bob"),
                    stored.timeline().stream().map(TimelineEntry::actor).toList());
            assertEquals("restarted the pod", stored.timeline().get(3).message());
            Await.until(Duration.ofSeconds(5), "three incident events", () -> recorder.events.size() >= 4);
            assertEquals(1, recorder.count(e -> e.type().equals(EventTypes.INCIDENT_CREATED)));
            assertEquals(1, recorder.count(e -> e.type().equals(EventTypes.INCIDENT_RESOLVED)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void badInputAndUnknownIdsAreRefused(String store) {
        try (Monitoring monitoring = monitoring(store)) {
            Incidents incidents = monitoring.incidents();
            assertThrows(NoSuchElementException.class, () -> incidents.acknowledge("nope", "a", Optional.empty()));
            assertThrows(NoSuchElementException.class, () -> incidents.comment("nope", "a", "x"));
            assertThrows(IllegalArgumentException.class, () -> incidents.open("auth", "", IncidentSeverity.LOW, "a"));
            assertThrows(IllegalArgumentException.class,
                    () -> incidents.open("bad name!", "x", IncidentSeverity.LOW, "a"));
            assertThrows(IllegalArgumentException.class,
                    () -> incidents.open("auth", "x".repeat(2001), IncidentSeverity.LOW, "a"));
            Incident incident = incidents.open("auth", "x", IncidentSeverity.LOW, "a");
            assertThrows(IllegalArgumentException.class, () -> incidents.comment(incident.id(), "a", " "));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void queriesFilterPageAndCountNewestFirst(String store) {
        try (Monitoring monitoring = monitoring(store)) {
            Incidents incidents = monitoring.incidents();
            for (int i = 0; i < 12; i++) {
                Incident incident = incidents.open(i % 2 == 0 ? "auth" : "memory", "problem " + i,
                        i % 3 == 0 ? IncidentSeverity.CRITICAL : IncidentSeverity.LOW, "test");
                if (i % 4 == 0) {
                    incidents.resolve(incident.id(), "test", Optional.empty());
                }
            }
            IncidentPage all = incidents.query(new IncidentQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                    5, 0));
            assertEquals(12, all.total());
            assertEquals(5, all.items().size());
            assertEquals("problem 11", all.items().get(0).description(), "newest first");
            IncidentPage secondPage = incidents.query(new IncidentQuery(Optional.empty(), Optional.empty(),
                    Optional.empty(), 5, 10));
            assertEquals(2, secondPage.items().size());
            IncidentPage resolved = incidents.query(new IncidentQuery(Optional.of(IncidentStatus.RESOLVED),
                    Optional.empty(), Optional.empty(), 100, 0));
            assertEquals(3, resolved.total());
            IncidentPage criticalAuth = incidents.query(new IncidentQuery(Optional.empty(),
                    Optional.of(IncidentSeverity.CRITICAL), Optional.of("auth"), 100, 0));
            assertEquals(2, criticalAuth.total(), "0 and 6");
            assertTrue(criticalAuth.items().stream().allMatch(i -> i.service().equals("auth")
                    && i.severity() == IncidentSeverity.CRITICAL));
            assertEquals(9, incidents.active().size());
        }
    }

    @org.junit.jupiter.api.Test
    void theH2StoreKeepsIncidentsAndTheirTimelinesAcrossARestart() {
        String id;
        try (Monitoring first = monitoring("h2")) {
            first.start();
            id = first.incidents().open("auth", "still broken", IncidentSeverity.MEDIUM, "alice").id();
            first.incidents().acknowledge(id, "alice", Optional.empty());
            first.incidents().comment(id, "bob", "needs a new certificate");
        }
        try (Monitoring second = monitoring("h2")) {
            second.start();
            List<Incident> active = second.incidents().active();
            assertEquals(1, active.size(), "the acknowledged incident is active again after the restart");
            Incident incident = active.get(0);
            assertEquals(id, incident.id());
            assertEquals(IncidentStatus.ACKNOWLEDGED, incident.status());
            assertEquals(3, incident.timeline().size());
            assertEquals("needs a new certificate", incident.timeline().get(2).message());
            second.incidents().resolve(id, "bob", Optional.empty());
            assertTrue(second.incidents().active().isEmpty());
        }
    }
}
