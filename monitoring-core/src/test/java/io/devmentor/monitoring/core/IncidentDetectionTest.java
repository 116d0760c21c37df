package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incidents the engine opens, links, marks flapping and resolves, from services a test switches up and down. */
class IncidentDetectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Services whose health a test sets; "flappy" alternates on every check. */
    private final Map<String, HealthStatus> health = new ConcurrentHashMap<>();
    private final AtomicInteger flips = new AtomicInteger();

    private Monitoring monitoring(ServiceDefinition.Builder... services) {
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .healthChecker("switch", service -> {
                    HealthStatus status = service.name().equals("flappy")
                            ? (flips.incrementAndGet() % 2 == 0 ? HealthStatus.UP : HealthStatus.DOWN)
                            : health.getOrDefault(service.name(), HealthStatus.UP);
                    return CompletableFuture.completedFuture(new CheckResult(status, Instant.now(), Duration.ofMillis(1),
                            status == HealthStatus.UP ? "fine" : "broken", Map.of()));
                });
        for (ServiceDefinition.Builder service : services) {
            builder.service(service.kind("switch").interval(Duration.ofMillis(40)).retryAttempts(0).build());
        }
        return builder.build();
    }

    private static long count(TestSupport.Recorder recorder, String type, String source) {
        return recorder.count(e -> e.type().equals(type) && e.source().equals(source));
    }

    @Test
    void anOutageOpensOneIncidentThatGathersItsFailuresAndResolvesOnRecovery() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("api"))) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("incident.*"), recorder);
            monitoring.start();
            health.put("api", HealthStatus.DOWN);
            MonitoringEvent created = recorder.awaitFirst(WAIT, "incident.created",
                    e -> e.type().equals(EventTypes.INCIDENT_CREATED));
            String id = (String) created.data().get("id");
            assertEquals("high", created.data().get("severity"), "a service that is not critical");

            // Up once, down again: the same incident, one more timeline entry.
            health.put("api", HealthStatus.UP);
            Await.until(WAIT, "recovering", () -> timeline(monitoring, id).stream()
                    .anyMatch(t -> t.kind().equals("recovering")));
            health.put("api", HealthStatus.DOWN);
            Await.until(WAIT, "failed again", () -> timeline(monitoring, id).stream()
                    .anyMatch(t -> t.kind().equals("failed")));
            health.put("api", HealthStatus.UP);
            recorder.awaitFirst(WAIT, "incident.resolved", e -> e.type().equals(EventTypes.INCIDENT_RESOLVED));

            assertEquals(1, count(recorder, EventTypes.INCIDENT_CREATED, "api"));
            Incident incident = monitoring.incidents().find(id).orElseThrow();
            assertEquals(IncidentStatus.RESOLVED, incident.status());
            assertTrue(incident.resolvedAt().isPresent());
            TimelineEntry last = incident.timeline().get(incident.timeline().size() - 1);
            assertEquals("engine", last.actor());
            assertTrue(last.message().startsWith("recovered: 3 successful checks"), last.message());
            List<MonitoringEvent> downs = monitoring.events(EventFilter.of("service.down"), 10);
            assertEquals(incident.correlationId(), downs.get(downs.size() - 1).metadata().correlationId(),
                    "the incident carries its outage's correlation id");
            assertTrue(monitoring.incidents().active().isEmpty());
        }
    }

    private static List<TimelineEntry> timeline(Monitoring monitoring, String id) {
        return monitoring.incidents().find(id).orElseThrow().timeline();
    }

    @Test
    void aFlappingServiceHasOneIncidentMarkedFlapping() throws Exception {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("flappy"))) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("incident.*"), recorder);
            monitoring.start();
            Await.until(WAIT, "flapping marked", () -> monitoring.incidents().active().stream()
                    .anyMatch(Incident::flapping));
            int checks = flips.get();
            Await.until(WAIT, "20 more checks", () -> flips.get() > checks + 20);
            assertEquals(1, count(recorder, EventTypes.INCIDENT_CREATED, "flappy"), "one incident per episode");
            Incident incident = monitoring.incidents().active().get(0);
            assertTrue(incident.timeline().stream().anyMatch(t -> t.kind().equals("flapping")));
            assertEquals(IncidentStatus.OPEN, incident.status(), "never three good checks in a row");
        }
    }

    @Test
    void aDependencyChainFailingTogetherYieldsOneRootIncidentWithTheOthersLinkedToIt() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("database"),
                ServiceDefinition.builder("api").dependsOn("database"),
                ServiceDefinition.builder("web").dependsOn("api"))) {
            monitoring.start();
            // The dependents are seen failing first: the order a real outage is often detected in.
            health.put("web", HealthStatus.DOWN);
            Await.until(WAIT, "web's incident", () -> active(monitoring, "web") != null);
            health.put("api", HealthStatus.DOWN);
            Await.until(WAIT, "api's incident", () -> active(monitoring, "api") != null);
            health.put("database", HealthStatus.DOWN);
            Await.until(WAIT, "database's incident", () -> active(monitoring, "database") != null);
            Incident root = active(monitoring, "database");
            Await.until(WAIT, "links to the root", () ->
                    active(monitoring, "api").causedBy().equals(java.util.Optional.of(root.id()))
                            && active(monitoring, "web").causedBy().equals(java.util.Optional.of(root.id())));
            assertTrue(root.causedBy().isEmpty(), "the root has no cause of its own");
            assertTrue(active(monitoring, "web").timeline().stream().anyMatch(t -> t.kind().equals("linked")
                    && t.message().contains(root.id())));
            assertEquals(IncidentSeverity.CRITICAL, root.severity(), "the third outage at once is critical");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachIncidentOfAChainIsAnalysedWithTheRootOfTheChainAsItsLikelyCause() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("database"),
                ServiceDefinition.builder("api").dependsOn("database"),
                ServiceDefinition.builder("web").dependsOn("api"))) {
            monitoring.start();
            health.put("web", HealthStatus.DOWN);
            Await.until(WAIT, "web's incident", () -> active(monitoring, "web") != null);
            // Alone, web is its own likely cause: nothing it depends on is in trouble yet.
            Await.until(WAIT, "web analysed", () -> active(monitoring, "web").timeline().stream()
                    .anyMatch(t -> t.kind().equals("analysis")));
            TimelineEntry first = active(monitoring, "web").timeline().stream()
                    .filter(t -> t.kind().equals("analysis")).findFirst().orElseThrow();
            assertEquals("web", ((List<Map<String, Object>>) first.data().get("rootCauses")).get(0).get("service"));
            health.put("api", HealthStatus.DOWN);
            Await.until(WAIT, "api's incident", () -> active(monitoring, "api") != null);
            health.put("database", HealthStatus.DOWN);
            // Linked to the root once database's incident opens: analysed again, with all three down by then.
            Await.until(WAIT, "web analysed again once linked to the root", () -> {
                TimelineEntry latest = active(monitoring, "web").timeline().stream()
                        .filter(t -> t.kind().equals("analysis")).reduce((a, b) -> b).orElseThrow();
                return ((List<Map<String, Object>>) latest.data().get("rootCauses")).get(0).get("service")
                        .equals("database");
            });
            TimelineEntry last = active(monitoring, "web").timeline().stream()
                    .filter(t -> t.kind().equals("analysis")).reduce((a, b) -> b).orElseThrow();
            List<Map<String, Object>> causes = (List<Map<String, Object>>) last.data().get("rootCauses");
            assertEquals("database", causes.get(0).get("service"), "the root of the chain first: " + causes);
            assertEquals("api", causes.get(1).get("service"), "then the dependency between: " + causes);
            assertTrue(last.message().startsWith("likely cause: database"), last.message());
            List<Map<String, Object>> steps = (List<Map<String, Object>>) last.data().get("suggestions");
            assertEquals("dependency", steps.get(0).get("kind"), "the knowledge base's entry for a dependency");
            IncidentAnalysis now = monitoring.analysis(active(monitoring, "web").id()).orElseThrow();
            assertEquals("database", now.causes().get(0).service());
            assertTrue(monitoring.analysis("no-such-incident").isEmpty());
            assertTrue(monitoring.knowledge().stream().anyMatch(k -> k.kind().equals("certificate")));

            // Once all is well and web's incident resolved, its analysis is still the one made while it lasted.
            String webIncident = active(monitoring, "web").id();
            health.put("database", HealthStatus.UP);
            health.put("api", HealthStatus.UP);
            health.put("web", HealthStatus.UP);
            Await.until(WAIT, "web's incident resolved", () -> active(monitoring, "web") == null);
            IncidentAnalysis after = monitoring.analysis(webIncident).orElseThrow();
            assertEquals("database", after.causes().get(0).service(), after.causes().toString());
            assertEquals("api", after.causes().get(1).service());
            // The last analysis on its timeline: the one above, or a later one made before it was resolved.
            TimelineEntry lastWhileItLasted = monitoring.incidents().find(webIncident).orElseThrow().timeline()
                    .stream().filter(t -> t.kind().equals("analysis")).reduce((a, b) -> b).orElseThrow();
            assertEquals(lastWhileItLasted.at(), after.analyzedAt());
            assertTrue(!after.analyzedAt().isBefore(last.at()));
            assertEquals("dependency", after.suggestions().get(0).kind());
        }
    }

    @Test
    void aDependentFailingAfterItsDependencyIsLinkedAtOnce() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("database").critical(true),
                ServiceDefinition.builder("api").dependsOn("database"))) {
            monitoring.start();
            health.put("database", HealthStatus.DOWN);
            Await.until(WAIT, "database's incident", () -> active(monitoring, "database") != null);
            assertEquals(IncidentSeverity.CRITICAL, active(monitoring, "database").severity(), "a critical service");
            health.put("api", HealthStatus.DOWN);
            Await.until(WAIT, "api's incident", () -> active(monitoring, "api") != null);
            assertEquals(active(monitoring, "database").id(), active(monitoring, "api").causedBy().orElseThrow());
            assertFalse(active(monitoring, "api").timeline().isEmpty());
        }
    }

    private static Incident active(Monitoring monitoring, String service) {
        return monitoring.incidents().active().stream().filter(i -> i.service().equals(service)).findFirst()
                .orElse(null);
    }
}
