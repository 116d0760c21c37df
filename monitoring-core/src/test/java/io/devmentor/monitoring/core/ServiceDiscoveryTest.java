package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services found at run time through the discovery SPI. The discovery here is the test's own hand, which
 * is what the SPI boundary is; the Docker adapter's tests run a real one against a real engine API.
 */
class ServiceDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final AtomicReference<ServiceDiscovery.Listener> listener = new AtomicReference<>();
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    private final Map<String, HealthStatus> health = new ConcurrentHashMap<>();

    private Monitoring engine(SimpleMeterRegistry registry, ServiceDefinition... configured) {
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(registry)
                .healthChecker("probe", service -> {
                    checks.computeIfAbsent(service.name(), n -> new AtomicInteger()).incrementAndGet();
                    HealthStatus status = health.getOrDefault(service.name(), HealthStatus.UP);
                    return CompletableFuture.completedFuture(new CheckResult(status, Instant.now(), Duration.ZERO,
                            status.name(), Map.of()));
                })
                .serviceDiscoveryProvider(new ServiceDiscoveryProvider() {
                    @Override
                    public String name() {
                        return "by-hand";
                    }

                    @Override
                    public ServiceDiscovery create(PluginContext context) {
                        return listener::set;
                    }
                });
        for (ServiceDefinition service : configured) {
            builder.service(service);
        }
        return builder.build();
    }

    private static ServiceDefinition probe(String name, Duration interval) {
        return ServiceDefinition.builder(name).kind("probe").retryAttempts(0).interval(interval).build();
    }

    private int checksOf(String name) {
        AtomicInteger count = checks.get(name);
        return count == null ? 0 : count.get();
    }

    @Test
    void discoveredServicesAreCheckedAndVanishedOnesStopWithTheirMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        try (Monitoring monitoring = engine(registry, probe("configured", Duration.ofSeconds(60)))) {
            monitoring.subscribe(EventFilter.of("service.*"), recorder);
            monitoring.start();
            Await.until(WAIT, "the discovery to start", () -> listener.get() != null);

            listener.get().servicesChanged(List.of(probe("web", Duration.ofMillis(200)),
                    probe("db", Duration.ofMillis(200))));
            Await.until(WAIT, "both discovered services checked", () -> checksOf("web") > 0 && checksOf("db") > 0);
            assertEquals(List.of("configured", "web", "db"),
                    monitoring.services().stream().map(ServiceState::name).toList());
            recorder.awaitFirst(WAIT, "service.added for web", e -> e.type().equals(EventTypes.SERVICE_ADDED)
                    && e.source().equals("web"));
            assertTrue(registry.find("service.health.status").tag("service", "db").gauge() != null);

            listener.get().servicesChanged(List.of(probe("web", Duration.ofMillis(200))));
            recorder.awaitFirst(WAIT, "service.removed for db", e -> e.type().equals(EventTypes.SERVICE_REMOVED)
                    && e.source().equals("db"));
            assertTrue(monitoring.service("db").isEmpty());
            assertTrue(registry.find("service.health.status").tag("service", "db").gauge() == null,
                    "the vanished service's gauges are gone");
            int dbChecks = checksOf("db");
            int webChecks = checksOf("web");
            Await.until(WAIT, "web checked on", () -> checksOf("web") >= webChecks + 3);
            assertTrue(checksOf("db") <= dbChecks + 1, "db is no longer checked (one may have been under way)");
            assertEquals(1, recorder.count(e -> e.type().equals(EventTypes.SERVICE_ADDED) && e.source().equals("web")),
                    "an unchanged service reported again is not added again");
        }
    }

    @Test
    void aVanishedServicesOwnIncidentIsResolvedAndOnesOpenedByPeopleStay() {
        health.put("db", HealthStatus.DOWN);
        try (Monitoring monitoring = engine(new SimpleMeterRegistry())) {
            monitoring.start();
            Await.until(WAIT, "the discovery to start", () -> listener.get() != null);
            listener.get().servicesChanged(List.of(probe("db", Duration.ofMillis(200))));
            Await.until(WAIT, "db's outage incident", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> i.service().equals("db") && i.cause().equals("down")));
            Incident byHand = monitoring.incidents().open("db", "disk replacement planned", IncidentSeverity.LOW, "ops");

            listener.get().servicesChanged(List.of());
            Await.until(WAIT, "the outage incident resolved", () -> monitoring.incidents().active().stream()
                    .noneMatch(i -> i.cause().equals("down")));
            Incident outage = monitoring.incidents().query(new io.devmentor.monitoring.api.IncidentQuery(
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("db"), 10, 0))
                    .items().stream().filter(i -> i.cause().equals("down")).findFirst().orElseThrow();
            TimelineEntry last = outage.timeline().get(outage.timeline().size() - 1);
            assertEquals("resolved", last.kind());
            assertEquals("no longer watched: discovery by-hand dropped it", last.message());
            assertEquals(List.of(byHand.id()), monitoring.incidents().active().stream().map(Incident::id).toList(),
                    "the incident opened by hand stays");
        }
    }

    @Test
    void aDiscoveredNameThatExistsAlreadyIsIgnored() {
        try (Monitoring monitoring = engine(new SimpleMeterRegistry(), probe("auth", Duration.ofSeconds(60)))) {
            monitoring.start();
            Await.until(WAIT, "the discovery to start", () -> listener.get() != null);
            ServiceDefinition impostor = ServiceDefinition.builder("auth").kind("probe").interval(Duration.ofMillis(300))
                    .tags("discovered").build();
            listener.get().servicesChanged(List.of(impostor));
            listener.get().servicesChanged(List.of());
            assertEquals(List.of(), monitoring.service("auth").orElseThrow().definition().tags(),
                    "the configured service stays, and is not removed with the discovery's set");
        }
    }

    @Test
    void checkNowChecksAtOnceInsteadOfAtTheNextInterval() {
        try (Monitoring monitoring = engine(new SimpleMeterRegistry())) {
            monitoring.start();
            Await.until(WAIT, "the discovery to start", () -> listener.get() != null);
            listener.get().servicesChanged(List.of(probe("worker", Duration.ofHours(1))));
            Await.until(WAIT, "the first check", () -> monitoring.service("worker").orElseThrow()
                    .lastResult().isPresent());
            assertEquals(HealthStatus.UP, monitoring.service("worker").orElseThrow().status());

            health.put("worker", HealthStatus.DOWN);
            listener.get().checkNow("worker");
            Await.until(WAIT, "worker down well before its hourly check",
                    () -> monitoring.service("worker").orElseThrow().status() == HealthStatus.DOWN);
            listener.get().checkNow("no-such-service");
            assertFalse(monitoring.service("no-such-service").isPresent());
        }
    }
}
