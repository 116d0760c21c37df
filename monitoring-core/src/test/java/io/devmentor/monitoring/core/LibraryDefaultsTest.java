package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Thresholds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded engine touches no file and reads no working directory unless its host asks: no services file is
 * picked up from where the JVM runs, nothing is written there, and the typed settings of the builder are what the
 * engine runs with.
 */
// Isolated: one test counts the engine threads of the whole JVM.
@org.junit.jupiter.api.parallel.Isolated
class LibraryDefaultsTest {

    @TempDir
    Path dir;

    /**
     * What lies directly in a directory, with the size and modification time of each file, and all of its
     * {@code data} folder, where an engine used to write by default. The sources beside it are not looked at.
     */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> top = Files.list(root); Stream<Path> data = Files.exists(root.resolve("data"))
                ? Files.walk(root.resolve("data")) : Stream.empty()) {
            Stream.concat(top, data).forEach(p -> {
                try {
                    files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                            : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    files.put(root.relativize(p).toString(), "gone");
                }
            });
        }
        return files;
    }

    @Test
    void theDefaultsWriteNothingAndReadNoServicesFileFromTheWorkingDirectory() throws Exception {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Path servicesFile = workingDirectory.resolve("monitoring.yml");
        assertFalse(Files.exists(servicesFile), "this test puts a services file where the JVM runs, and found one");
        Files.writeString(servicesFile, "services:\n  stray:\n    url: http://127.0.0.1:1\n");
        try {
            Map<String, String> before = snapshot(workingDirectory);
            ServiceDefinition api = ServiceDefinition.builder("api").url("http://127.0.0.1:1")
                    .interval(Duration.ofMillis(200)).retryAttempts(0)
                    .objectives(new Objectives(Optional.of(99.0), Optional.empty(), 95)).build();
            try (Monitoring monitoring = Monitoring.builder().meterRegistry(new SimpleMeterRegistry())
                    .service(api).build()) {
                monitoring.start();
                monitoring.checkNow("api").toCompletableFuture().get();
                monitoring.collectNow();
                assertEquals(java.util.List.of("api"), monitoring.services().stream().map(ServiceState::name).toList(),
                        "the services file in the working directory is not read");
                assertEquals(Optional.empty(), monitoring.configuration().dataDirectory());
            }
            assertEquals(before, snapshot(workingDirectory), "nothing written where the JVM runs");
        } finally {
            Files.delete(servicesFile);
        }
    }

    @Test
    void storesThatNeedFilesSayWhyWithoutADataDirectory() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> Monitoring.builder()
                .meterRegistry(new SimpleMeterRegistry()).setting("MONITORING_INCIDENT_STORE", "h2").build());
        assertTrue(refused.getMessage().contains("MONITORING_INCIDENT_STORE")
                && refused.getMessage().contains("data directory"), refused.getMessage());
    }

    @Test
    void aStoreRefusedAtTheStartLeavesNoEventHistoryWriterBehind() throws Exception {
        Path state = dir.resolve("refused-then-fixed");
        java.util.function.Supplier<Long> writers = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().endsWith("-events")).count();
        long before = writers.get();
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> Monitoring.builder()
                .meterRegistry(new SimpleMeterRegistry()).dataDirectory(state)
                .setting("MONITORING_EVENT_STORE", "h2").setting("MONITORING_INCIDENT_STORE", "no-such-store").build());
        assertTrue(refused.getMessage().contains("no-such-store"), refused.getMessage());
        long after = writers.get();
        assertTrue(after <= before, "the refused engine's event writer stopped with it: " + before + " before, "
                + after + " after");
        // Fixed, on the same data directory: the event history works.
        try (Monitoring monitoring = Monitoring.builder().meterRegistry(new SimpleMeterRegistry()).dataDirectory(state)
                .setting("MONITORING_EVENT_STORE", "h2").build()) {
            monitoring.publish(io.devmentor.monitoring.api.MonitoringEvent.of("test.event", "test",
                    java.time.Instant.now(), io.devmentor.monitoring.api.Severity.INFO, Map.of()));
            assertEquals(1, monitoring.events(EventFilter.of("test.*"), 10).size());
        }
    }

    @Test
    void theTypedSettingsAreWhatTheEngineRunsWith() throws Exception {
        Thresholds thresholds = new Thresholds(70, 85, 0.1, Duration.ofMillis(500));
        try (Monitoring monitoring = Monitoring.builder().meterRegistry(new SimpleMeterRegistry())
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of("METRICS_COLLECTION_INTERVAL", "9000"),
                        dir))
                .dataDirectory(dir.resolve("state"))
                .metricsCollectionInterval(Duration.ofSeconds(30))
                .predictionInterval(Duration.ofMinutes(1))
                .slaEvaluationInterval(Duration.ofSeconds(2))
                .predictions(false)
                .predictionThreshold(0.6)
                .thresholds(thresholds)
                .setting("MONITORING_INCIDENT_STORE", "h2")
                .build()) {
            MonitoringConfiguration configuration = monitoring.configuration();
            assertEquals(Optional.of(dir.resolve("state")), configuration.dataDirectory());
            assertEquals(Duration.ofSeconds(30), configuration.metricsCollectionInterval(), "over the environment's");
            assertEquals(Duration.ofMinutes(1), configuration.predictiveMaintenanceInterval());
            assertEquals(Duration.ofSeconds(2), configuration.slaEvaluationInterval());
            assertFalse(configuration.enablePredictions());
            assertEquals(0.6, configuration.predictionThreshold());
            assertEquals(thresholds, configuration.thresholds());
            assertTrue(monitoring.plugins().stream().anyMatch(p -> p.name().equals("h2")
                    && p.state() == PluginStatus.State.ACTIVE), monitoring.plugins().toString());
            assertTrue(Files.exists(dir.resolve("state").resolve("incidents.mv.db")), "the H2 store in the data directory");
        }
        assertTrue(Files.exists(dir.resolve("state").resolve("sla.json")), "SLA counts kept where it was asked");
        assertThrows(IllegalArgumentException.class, () -> Monitoring.builder().predictionThreshold(1.5));
        assertThrows(IllegalArgumentException.class,
                () -> Monitoring.builder().metricsCollectionInterval(Duration.ofMillis(5)));
        assertThrows(IllegalArgumentException.class,
                () -> Monitoring.builder().slaEvaluationInterval(Duration.ofMillis(50)));
    }
}
