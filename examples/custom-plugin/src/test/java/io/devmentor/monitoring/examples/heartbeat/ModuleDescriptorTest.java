package io.devmentor.monitoring.examples.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A plugin needs the API alone, and declares its provider in both places. */
class ModuleDescriptorTest {

    @Test
    void requiresTheApiAloneAndDeclaresItsProviderTwice() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("java.base", "io.devmentor.monitoring.api"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.exports());
        ModuleDescriptor.Provides provides = module.provides().iterator().next();
        List<String> listed = Files.readAllLines(
                Path.of("target/classes/META-INF/services/" + provides.service()));
        assertEquals(provides.providers(), listed);
    }
}
