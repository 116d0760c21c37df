package io.devmentor.monitoring.grpc;

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

/** An adapter: the API and grpc-java, nothing exported, its provider declared twice. */
class ModuleDescriptorTest {

    @Test
    void dependsOnTheApiAndGrpcAndDeclaresItsProviderTwice() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("java.base", "io.devmentor.monitoring.api", "org.jspecify", "io.grpc", "io.grpc.stub",
                "io.grpc.services", "io.grpc.netty.shaded", "com.google.protobuf"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.exports());
        for (ModuleDescriptor.Provides provides : module.provides()) {
            assertEquals(provides.providers(), List.copyOf(Files.readAllLines(
                    Path.of("target/classes/META-INF/services/" + provides.service()))));
        }
        assertEquals(1, module.provides().size());
    }
}
