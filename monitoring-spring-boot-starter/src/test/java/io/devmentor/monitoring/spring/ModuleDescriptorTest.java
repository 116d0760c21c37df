package io.devmentor.monitoring.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The starter: the customizer is its only API; the auto-configuration is opened to Spring, not exported; it reads
 * the engine and Spring, with Actuator optional; and Spring finds the auto-configuration and the properties' metadata.
 */
class ModuleDescriptorTest {

    @Test
    void exportsTheCustomizerOnlyOpensItsConfigurationToSpringAndListsItForSpringBoot() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("io.devmentor.monitoring.spring"), module.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("io.devmentor.monitoring.spring.autoconfigure"), module.opens().stream()
                .map(ModuleDescriptor.Opens::source).collect(Collectors.toSet()));
        assertTrue(module.requires().stream().anyMatch(r -> r.name().equals("spring.boot.actuator")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), "Actuator is optional");
        assertEquals(java.util.List.of("io.devmentor.monitoring.spring.autoconfigure.MonitoringHealthAutoConfiguration",
                "io.devmentor.monitoring.spring.autoconfigure.MonitoringAutoConfiguration"), Files.readAllLines(Path.of(
                "target/classes/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")));
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        for (String property : java.util.List.of("monitoring.enabled", "monitoring.config", "monitoring.data-directory",
                "monitoring.settings", "monitoring.health-indicators.interval", "monitoring.health-indicators.exclude")) {
            assertTrue(metadata.contains("\"" + property + "\""), property + " has metadata for IDE completion");
        }
    }
}
