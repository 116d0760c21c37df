package io.devmentor.monitoring.examples.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.tck.Await;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine finds the plugin with ServiceLoader when its jar is on the path, and runs on without it. */
class HeartbeatPluginTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private MonitoringBuilder builder(Path heartbeat) {
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(
                        Map.of("MONITORING_DATA_DIR", dir.resolve("data").toString()), dir))
                .service(ServiceDefinition.builder("import-job").kind("heartbeat")
                        .setting("path", heartbeat.toString()).setting("maxAgeMs", "1000")
                        .interval(Duration.ofMillis(100)).retryAttempts(0).build())
                .service(ServiceDefinition.builder("self").kind("tcp").hostAndPort("127.0.0.1", 1)
                        .interval(Duration.ofMillis(100)).retryAttempts(0).build());
    }

    @Test
    void theEngineUsesThePluginFoundOnTheClassPath() throws IOException {
        Path heartbeat = Files.createFile(dir.resolve("job.heartbeat"));
        try (Monitoring monitoring = builder(heartbeat).build()) {
            assertTrue(monitoring.plugins().stream().anyMatch(p -> p.name().equals("heartbeat")
                    && p.state() == PluginStatus.State.ACTIVE), monitoring.plugins().toString());
            monitoring.start();
            Await.until(WAIT, "UP while the file is fresh",
                    () -> monitoring.service("import-job").orElseThrow().status() == HealthStatus.UP);
            Files.setLastModifiedTime(heartbeat, FileTime.from(Instant.now().minusSeconds(30)));
            Await.until(WAIT, "DOWN once the heartbeat is stale",
                    () -> monitoring.service("import-job").orElseThrow().status() == HealthStatus.DOWN);
            assertTrue(monitoring.service("import-job").orElseThrow().lastResult().orElseThrow().message()
                    .startsWith("last heartbeat 30 s ago"));
        }
    }

    @Test
    void withoutThePluginOnThePathTheEngineRunsOnAndSaysWhatIsMissing() throws IOException {
        Path heartbeat = Files.createFile(dir.resolve("job.heartbeat"));
        ClassLoader withoutPlugin = new HidingClassLoader(getClass().getClassLoader());
        try (Monitoring monitoring = builder(heartbeat).pluginClassLoader(withoutPlugin).build()) {
            assertTrue(monitoring.plugins().stream().noneMatch(p -> p.name().equals("heartbeat")));
            monitoring.start();
            Await.until(WAIT, "the TCP service checked",
                    () -> monitoring.service("self").orElseThrow().lastResult().isPresent());
            Await.until(WAIT, "the heartbeat service reported",
                    () -> monitoring.service("import-job").orElseThrow().lastResult().isPresent());
            assertEquals(HealthStatus.DOWN, monitoring.service("self").orElseThrow().status(), "port 1 is closed");
            assertEquals(HealthStatus.UNKNOWN, monitoring.service("import-job").orElseThrow().status());
            assertTrue(monitoring.service("import-job").orElseThrow().lastResult().orElseThrow().message()
                    .contains("no health checker of kind 'heartbeat'"));
        }
    }

    /** Hides this module's service file, as if the plugin jar were not on the class path. */
    private static final class HidingClassLoader extends ClassLoader {
        HidingClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = Collections.list(super.getResources(name));
            urls.removeIf(url -> url.toString().contains("custom-plugin/target/classes"));
            return Collections.enumeration(urls);
        }
    }
}
