package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OSHI collector on this machine, and the system thresholds. */
class SystemMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void collectsCpuMemoryDisksNetworkAndJvmIntoTheRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Monitoring monitoring = Monitoring.builder().configuration(TestSupport.configuration(dir, 200))
                .meterRegistry(registry).build()) {
            monitoring.start();
            // The network rates need two rounds.
            Await.until(WAIT, "two collection rounds", () -> monitoring.systemMetrics().isPresent()
                    && monitoring.systemMetrics().get().network().rxBytesPerSecond() >= 0);
            SystemMetrics metrics = monitoring.systemMetrics().orElseThrow();
            assertEquals(Runtime.getRuntime().availableProcessors(), metrics.cpu().cores());
            assertTrue(metrics.cpu().usage() >= 0 && metrics.cpu().usage() <= 100, "cpu " + metrics.cpu().usage());
            assertTrue(metrics.memory().total() > 0 && metrics.memory().used() > 0);
            assertTrue(metrics.memory().used() <= metrics.memory().total());
            assertFalse(metrics.disks().isEmpty(), "at least one file system");
            assertTrue(metrics.jvm().heapUsed() > 0 && metrics.jvm().threads() > 0);
            assertTrue(metrics.cpu().load1() >= 0, "Linux reports load averages");

            assertTrue(registry.get("system.cpu.usage.percent").gauge().value() >= 0);
            assertEquals(metrics.memory().total(), registry.get("system.memory.total").gauge().value(), 1e9);
            assertTrue(registry.get("system.memory.usage").gauge().value() > 0);
            assertEquals("bytes", registry.get("system.memory.usage").gauge().getId().getBaseUnit());
            assertFalse(registry.find("system.filesystem.total").gauges().isEmpty());
        }
    }

    @Test
    void crossingTheMemoryThresholdEmitsASystemAlert() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("monitoring.yml"), "thresholds:\n  memory: 0.001\n  cpu: 100\n");
        MonitoringConfiguration config = MonitoringConfiguration.fromEnvironment(Map.of(
                "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "200"), dir);
        try (Monitoring monitoring = Monitoring.builder().configuration(config).build()) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of(EventTypes.SYSTEM_ALERT), recorder);
            monitoring.start();
            MonitoringEvent alert = recorder.awaitFirst(WAIT, "system.alert", e -> true);
            assertEquals("memory", alert.data().get("metric"));
            assertEquals("breached", alert.data().get("state"));
            assertEquals("system", alert.source());
            assertTrue(alert.metadata().correlationId().isPresent());
            Thread.sleep(600);
            assertEquals(1, recorder.events.size(), "one alert per breach, not one per round");
        }
    }

    @Test
    void aLastingSystemBreachOpensAnIncidentForTheSystem() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("monitoring.yml"),
                "thresholds:\n  memory: 0.001\n  cpu: 100\nincidents:\n  thresholdDuration: 300\n");
        MonitoringConfiguration config = MonitoringConfiguration.fromEnvironment(Map.of(
                "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "100"), dir);
        try (Monitoring monitoring = Monitoring.builder().configuration(config).build()) {
            monitoring.start();
            Await.until(WAIT, "a system incident", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> i.service().equals("system") && i.cause().equals("threshold.memory")));
            assertTrue(monitoring.incidents().active().get(0).description().startsWith("system memory usage is"));
        }
    }
}
