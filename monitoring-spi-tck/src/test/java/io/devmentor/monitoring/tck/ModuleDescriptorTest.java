package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The test kit: the API and JUnit's API, nothing else, and its one package exported, as a plugin needs it. */
class ModuleDescriptorTest {

    @Test
    void dependsOnTheApiAndJUnitAndExportsItsPackage() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("java.base", "io.devmentor.monitoring.api", "org.junit.jupiter.api"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of("io.devmentor.monitoring.tck"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.provides());
    }
}
