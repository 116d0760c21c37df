package io.devmentor.monitoring.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The engine on the postgres store, found through ServiceLoader; it starts and checks while PostgreSQL is away. */
@ResourceLock(value = PostgresPeer.SERVER, mode = ResourceAccessMode.READ)
class EngineOnPostgresTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private Monitoring engine(String databaseUrl) {
        return Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR", dir.toString(),
                        "METRICS_COLLECTION_INTERVAL", "60000", "MONITORING_INCIDENT_STORE", "postgres",
                        "DATABASE_URL", databaseUrl), dir))
                .healthChecker("switch", s -> CompletableFuture.completedFuture(
                        CheckResult.up(Instant.now(), Duration.ofMillis(1), "fine")))
                .service(ServiceDefinition.builder("api").kind("switch").interval(Duration.ofMillis(50)).build())
                .build();
    }

    @Test
    void startsAndChecksWhilePostgresIsUnreachableThenWritesWhenItAnswers() throws Exception {
        try (PostgresPeer peer = new PostgresPeer()) {
            try (Monitoring monitoring = engine("postgresql://postgres@127.0.0.1:1/" + peer.database)) {
                monitoring.start();
                Await.until(WAIT, "checks go on",
                        () -> monitoring.service("api").orElseThrow().status() == HealthStatus.UP);
                String id = monitoring.incidents().open("api", "written while the database is away",
                        IncidentSeverity.LOW, "alice").id();
                assertEquals(1, monitoring.incidents().active().size());
                assertTrue(monitoring.incidents().find(id).isPresent());
            }
            try (Monitoring monitoring = engine(peer.databaseUrl())) {
                monitoring.start();
                Await.until(WAIT, "the outbox flushed and the incident restored",
                        () -> monitoring.incidents().active().size() == 1);
                assertEquals("written while the database is away",
                        monitoring.incidents().active().get(0).description());
            }
        }
    }
}
