package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine module's descriptor: what it exports, uses and provides. */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsOnlyTheFacadePackageToAll() throws IOException {
        assertEquals(Set.of("io.devmentor.monitoring.core"), descriptor().exports().stream()
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }

    /** The algorithms go to the server's offline detector and to the evaluation harnesses, to nobody else. */
    @Test
    void exportsTheAlgorithmsToTheServerAndTheBenchmarksOnly() throws IOException {
        assertEquals(Set.of("io.devmentor.monitoring.core.analysis -> [io.devmentor.monitoring.benchmarks,"
                + " io.devmentor.monitoring.server]"), descriptor().exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " -> " + new java.util.TreeSet<>(e.targets())).collect(Collectors.toSet()));
    }

    @Test
    void usesEveryExtensionPointOfTheApi() throws Exception {
        // Every provider interface the API declares, read from the API's own classes: a new extension point
        // that the engine forgets to use fails here.
        Path api = Path.of(io.devmentor.monitoring.spi.PluginProvider.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Set<String> expected;
        try (java.nio.file.FileSystem jar = Files.isDirectory(api) ? null
                : java.nio.file.FileSystems.newFileSystem(api, (ClassLoader) null);
                Stream<Path> files = Files.list((jar == null ? api : jar.getPath("/"))
                        .resolve("io/devmentor/monitoring/spi"))) {
            expected = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith("Provider.class") && !name.equals("PluginProvider.class"))
                    .map(name -> "io.devmentor.monitoring.spi." + name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
        assertTrue(expected.contains("io.devmentor.monitoring.spi.HealthCheckerProvider"), expected.toString());
        assertEquals(expected, descriptor().uses());
    }

    @Test
    void declaresEveryProviderTwiceInTheDescriptorAndInMetaInfServices() throws IOException {
        Map<String, Set<String>> declared = new HashMap<>();
        for (ModuleDescriptor.Provides provides : descriptor().provides()) {
            declared.put(provides.service(), new HashSet<>(provides.providers()));
        }
        Map<String, Set<String>> listed = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("target/classes/META-INF/services"))) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                listed.put(file.getFileName().toString(), new HashSet<>(lines));
            }
        }
        assertEquals(declared, listed);
        assertEquals(Set.of("io.devmentor.monitoring.core.plugins.HttpCheckerProvider",
                "io.devmentor.monitoring.core.plugins.TcpCheckerProvider",
                "io.devmentor.monitoring.core.plugins.PushCheckerProvider",
                "io.devmentor.monitoring.core.plugins.DnsCheckerProvider",
                "io.devmentor.monitoring.core.plugins.PingCheckerProvider"),
                declared.get("io.devmentor.monitoring.spi.HealthCheckerProvider"));
    }

    @Test
    void requiresOnlyTheChosenLibraries() throws IOException {
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .filter(name -> !name.startsWith("java.")).collect(Collectors.toSet());
        assertEquals(Set.of("io.devmentor.monitoring.api", "io.devmentor.monitoring.json", "micrometer.core", "io.opentelemetry.api",
                "io.opentelemetry.context",
                "com.fasterxml.jackson.databind", "com.fasterxml.jackson.dataformat.yaml",
                "com.github.benmanes.caffeine", "org.slf4j",
                "org.apache.httpcomponents.client5.httpclient5", "org.apache.httpcomponents.core5.httpcore5",
                "org.dnsjava", "org.apache.httpcomponents.core5.httpcore5.h2",
                "org.jspecify"), requires);
        assertTrue(descriptor().requires().stream().anyMatch(r -> r.name().equals("org.jspecify")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), "annotations at compile time only");
    }
}
