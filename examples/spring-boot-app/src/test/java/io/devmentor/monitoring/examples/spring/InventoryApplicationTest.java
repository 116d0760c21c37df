package io.devmentor.monitoring.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.Monitoring;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;

/** The application started with the starter, as Spring Boot starts it, and read as its operators would. */
@SpringBootTest
class InventoryApplicationTest {

    @Autowired
    Monitoring monitoring;

    @Autowired
    MeterRegistry registry;

    @Autowired
    HealthEndpoint health;

    @Autowired
    AtomicBoolean warehouseUp;

    @Autowired
    InventoryApplication.Outages outages;

    @Test
    void theApplicationsHealthIndicatorIsACheckInItsHealthGroupWithTheEnginesMetersInItsOwnRegistry() throws Exception {
        // Its health indicators are services of the engine: its own, and Actuator's ping; diskSpace is excluded.
        assertTrue(monitoring.service("warehouse").isPresent(), "the warehouse's indicator is watched");
        assertTrue(monitoring.service("ping").isPresent(), "Actuator's own indicators too: " + monitoring.services()
                .stream().map(io.devmentor.monitoring.core.ServiceState::name).toList());
        assertTrue(monitoring.service("diskSpace").isEmpty(), "monitoring.health-indicators.exclude");
        assertEquals(HealthStatus.UP, monitoring.checkNow("warehouse").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).status());

        // The engine's services in /actuator/health, under "monitoring", and in the group of that name.
        HealthComponent group = health.healthForPath("monitoring");
        assertNotNull(group, "the monitoring group");
        assertEquals(Status.UP, group.getStatus());
        assertTrue(((CompositeHealth) health.healthForPath("monitoring", "monitoring")).getComponents()
                .containsKey("warehouse"), "one component per service");

        // The engine's meters in the application's own registry.
        assertNotNull(registry.find("health.check.duration").tag("service", "warehouse").timer(),
                "health.check.duration{service=warehouse} in the application's registry");
        assertNotNull(registry.find("service.health.status").tag("service", "warehouse").gauge());

        // An outage of the warehouse: seen by the engine, in the health group, and as Spring events.
        warehouseUp.set(false);
        assertEquals(HealthStatus.DOWN, monitoring.checkNow("warehouse").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).status());
        assertEquals(Status.DOWN, health.healthForPath("monitoring", "monitoring", "warehouse").getStatus());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (outages.seen.stream().noneMatch(e -> e.type().equals("service.down")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(outages.seen.stream().anyMatch(e -> e.type().equals("service.down")
                && e.source().equals("warehouse")), "a service.down as a Spring application event: " + outages.seen);
        warehouseUp.set(true);
        assertEquals(HealthStatus.UP, monitoring.checkNow("warehouse").toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).status());
    }
}
