package io.devmentor.monitoring.server;

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

/** The server module's descriptor. */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void exportsOnlyItsEntryPointsAndOpensItsPackageOnlyToWhatReadsItReflectively() throws IOException {
        ModuleDescriptor module = descriptor();
        assertEquals(Set.of("io.devmentor.monitoring.server"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        ModuleDescriptor.Opens opens = module.opens().iterator().next();
        assertEquals(1, module.opens().size());
        assertEquals(Set.of("org.glassfish.tyrus.core", "com.fasterxml.jackson.databind",
                "com.github.victools.jsonschema.generator"), opens.targets(),
                "Tyrus for its endpoint, Jackson and the schema generator for the answers' records");
    }

    @Test
    void buildsOnTheEngineNotOnItsInternals() throws IOException {
        Set<String> requires = descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertTrue(requires.contains("io.devmentor.monitoring.core"));
        assertTrue(requires.contains("micrometer.registry.prometheus"));
        assertTrue(requires.contains("org.glassfish.tyrus.server"));
    }
}
