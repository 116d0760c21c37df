package io.devmentor.monitoring.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire format's descriptor: the API and Jackson, and its one package. */
class ModuleDescriptorTest {

    @Test
    void requiresTheApiAndJacksonWithItsOptionalAndTimeTypesAndExportsItsPackage() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals("io.devmentor.monitoring.json", module.name());
        assertEquals(Set.of("java.base", "io.devmentor.monitoring.api", "com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.datatype.jdk8", "com.fasterxml.jackson.datatype.jsr310"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of("io.devmentor.monitoring.json"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    }
}
