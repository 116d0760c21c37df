package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a host's registry, as a well-behaved Micrometer binder: it leaves the registry as it found it. */
class MetersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Monitoring engine(SimpleMeterRegistry registry, AtomicReference<HealthStatus> status, String... tag) {
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(registry)
                .service(ServiceDefinition.builder("jobs").kind("queue-depth").interval(Duration.ofMillis(20))
                        .retryAttempts(0).build())
                .healthChecker("queue-depth", service -> CompletableFuture.completedFuture(
                        new CheckResult(status.get(), Instant.now(), Duration.ZERO, "as told", java.util.Map.of())));
        if (tag.length == 2) {
            builder.meterTag(tag[0], tag[1]);
        }
        return builder.build();
    }

    private static Set<String> names(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
    }

    @Test
    void closeRemovesEveryMeterOfTheEngineAndNoneOfTheHosts() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter own = Counter.builder("host.requests").register(registry);
        Monitoring monitoring = engine(registry, new AtomicReference<>(HealthStatus.UP));
        monitoring.start();
        Await.until(WAIT, "a check counted", () -> registry.find("health.check.results").counter() != null);
        assertTrue(names(registry).containsAll(List.of("service.health.status", "health.check.duration",
                "monitoring.events.dropped", "health.check.schedule.delay")), names(registry).toString());
        monitoring.close();
        assertEquals(List.of(own), registry.getMeters(), "only the host's own meter is left");
    }

    @Test
    void aSecondEngineOnTheSameRegistryShowsItsOwnState() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Monitoring first = engine(registry, new AtomicReference<>(HealthStatus.DOWN))) {
            first.start();
            Await.until(WAIT, "the first engine's check", () -> first.service("jobs").orElseThrow()
                    .status() == HealthStatus.DOWN);
            assertEquals(0.0, registry.get("service.health.status").tag("service", "jobs").gauge().value());
        }
        try (Monitoring second = engine(registry, new AtomicReference<>(HealthStatus.UP))) {
            second.start();
            Await.until(WAIT, "the second engine's check", () -> second.service("jobs").orElseThrow()
                    .status() == HealthStatus.UP);
            assertEquals(1.0, registry.get("service.health.status").tag("service", "jobs").gauge().value(),
                    "the gauge follows the running engine, not the closed one");
        }
    }

    @Test
    void aMeterTagTellsTwoEnginesOnOneRegistryApart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Monitoring down = engine(registry, new AtomicReference<>(HealthStatus.DOWN), "engine", "b");
        try (Monitoring up = engine(registry, new AtomicReference<>(HealthStatus.UP), "engine", "a")) {
            up.start();
            down.start();
            Await.until(WAIT, "both engines' checks", () -> up.service("jobs").orElseThrow().status()
                    == HealthStatus.UP && down.service("jobs").orElseThrow().status() == HealthStatus.DOWN);
            assertEquals(1.0, registry.get("service.health.status").tags("service", "jobs", "engine", "a").gauge().value());
            assertEquals(0.0, registry.get("service.health.status").tags("service", "jobs", "engine", "b").gauge().value());
            stop(down);
            assertTrue(registry.getMeters().stream().allMatch(m -> "a".equals(m.getId().getTag("engine"))),
                    "closing one engine leaves the other's meters");
        }
    }

    @Test
    void theCertificateGaugeAppearsWithTheFirstCheckThatSawACertificate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<java.util.Map<String, Object>> details = new AtomicReference<>(java.util.Map.of());
        Monitoring monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(registry)
                .service(ServiceDefinition.builder("shop").kind("tls-probe").interval(Duration.ofMillis(20))
                        .retryAttempts(0).build())
                .healthChecker("tls-probe", service -> CompletableFuture.completedFuture(
                        new CheckResult(HealthStatus.UP, Instant.now(), Duration.ZERO, "as told", details.get())))
                .build();
        monitoring.start();
        Await.until(WAIT, "three checks counted", () -> registry.find("health.check.results").counter() != null
                && registry.get("health.check.results").counter().count() >= 3);
        assertEquals(null, registry.find("service.certificate.expiry").gauge(), "no series of NaN without TLS");
        details.set(java.util.Map.of("certificateDaysLeft", 3.5));
        Await.until(WAIT, "the gauge", () -> registry.find("service.certificate.expiry").gauge() != null);
        assertEquals(3.5 * 86_400, registry.get("service.certificate.expiry").tag("service", "shop").gauge().value());
        monitoring.close();
        assertEquals(List.of(), registry.getMeters(), "the gauge goes with the engine");
    }

    private static void stop(Monitoring monitoring) {
        monitoring.close();
    }
}
