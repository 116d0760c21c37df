package io.devmentor.monitoring.examples.heartbeat;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.tck.HealthCheckerContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heartbeat checker held to the contract every checker keeps, as any plugin author's would be: a fresh file is
 * UP, a missing one DOWN with its reason. A file cannot hang, so its "silent" target is a missing file too: the
 * contract asks only that the check does not wait.
 */
class HeartbeatCheckerContractTest extends HealthCheckerContract {

    @TempDir
    Path dir;

    private StubPluginContext context;

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Override
    protected HealthChecker createChecker() {
        context = StubPluginContext.in(dir.resolve("data"));
        return new HeartbeatCheckerProvider().create(context);
    }

    private static ServiceDefinition service(Path file) {
        return ServiceDefinition.builder("import-job").kind("heartbeat").setting("path", file.toString())
                .setting("maxAgeMs", "60000").build();
    }

    @Override
    protected ServiceDefinition healthyService() throws IOException {
        Path file = dir.resolve("fresh.heartbeat");
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        return service(file);
    }

    @Override
    protected ServiceDefinition unreachableService() {
        return service(dir.resolve("missing.heartbeat"));
    }

    @Override
    protected ServiceDefinition silentService() {
        return unreachableService();
    }
}
