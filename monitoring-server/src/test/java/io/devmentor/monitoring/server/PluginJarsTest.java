package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.tck.Await;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar dropped into the plugin directory joins the server, with no change to how it is started: its
 * provider is declared in the jar's own {@code META-INF/services} and nowhere on the server's class path.
 */
class PluginJarsTest {

    /** The jar's checker: every service of kind {@code from-a-jar} is up, and says where that comes from. */
    public static final class FromAJar implements HealthCheckerProvider {
        @Override
        public String name() {
            return "from-a-jar";
        }

        @Override
        public HealthChecker create(PluginContext context) {
            return service -> CompletableFuture.completedFuture(CheckResult.up(Instant.now(), Duration.ofMillis(1),
                    "answered by the plugin jar"));
        }
    }

    @TempDir
    Path dir;

    /**
     * Writes a plugin jar into the directory: {@link FromAJar}'s class and the services file that names it, as a
     * third party's jar would hold them.
     */
    static Path pluginJar(Path plugins) throws java.io.IOException {
        Path path = plugins.resolve("from-a-jar.jar");
        String classFile = FromAJar.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(file);
                java.io.InputStream bytes = PluginJarsTest.class.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry("META-INF/services/" + HealthCheckerProvider.class.getName()));
            jar.write((FromAJar.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(classFile));
            java.util.Objects.requireNonNull(bytes, classFile).transferTo(jar);
            jar.closeEntry();
        }
        return path;
    }

    @Test
    void aJarInThePluginDirectoryAddsItsChecker() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        pluginJar(plugins);
        Files.writeString(dir.resolve("monitoring.yml"), "services:\n  nightly-import:\n    type: from-a-jar\n"
                + "    interval: 200\n");
        try (MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(Map.of(
                "PORT", "0", "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "60000", "MONITORING_PLUGINS_DIR", plugins.toString()), dir),
                "127.0.0.1")) {
            Await.until(Duration.ofSeconds(10), "the jar's checker", () -> server.monitoring()
                    .service("nightly-import").orElseThrow().status() == HealthStatus.UP);
            assertEquals("answered by the plugin jar", server.monitoring().service("nightly-import").orElseThrow()
                    .lastResult().orElseThrow().message());
            assertTrue(server.monitoring().plugins().stream().anyMatch(p -> p.name().equals("from-a-jar")));
        }
    }

    @Test
    void aPluginDirectoryThatIsNotThereStopsTheStartNamingIt() {
        ConfigurationException missing = assertThrows(ConfigurationException.class, () -> PluginJars.from(Map.of(
                "MONITORING_PLUGINS_DIR", dir.resolve("nowhere").toString())));
        assertTrue(missing.getMessage().startsWith("MONITORING_PLUGINS_DIR: no directory "), missing.getMessage());
        try (PluginJars none = PluginJars.from(Map.of())) {
            assertTrue(none.jars().isEmpty(), "no plugins directory here: the server's class path only");
        }
    }
}
