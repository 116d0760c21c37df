package io.devmentor.monitoring.h2;

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

/** An adapter: the API and its own libraries, nothing exported, its providers declared twice. */
class ModuleDescriptorTest {

    @Test
    void dependsOnTheApiAndItsLibrariesAndDeclaresItsProvidersTwice() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("java.base", "java.sql", "io.devmentor.monitoring.api", "io.devmentor.monitoring.json", "com.h2database",
                "com.fasterxml.jackson.databind", "org.slf4j"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.exports());
        assertEquals(Set.of("io.devmentor.monitoring.spi.IncidentStoreProvider",
                "io.devmentor.monitoring.spi.MetricHistoryStoreProvider", "io.devmentor.monitoring.spi.EventStoreProvider"),
                module.provides().stream().map(ModuleDescriptor.Provides::service).collect(Collectors.toSet()));
        for (ModuleDescriptor.Provides provides : module.provides()) {
            assertEquals(provides.providers(), List.copyOf(Files.readAllLines(
                    Path.of("target/classes/META-INF/services/" + provides.service()))));
        }
    }
}
