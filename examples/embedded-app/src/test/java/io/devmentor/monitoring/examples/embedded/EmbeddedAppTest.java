package io.devmentor.monitoring.examples.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.ServiceState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example host sees its API, its database port and its queue. */
class EmbeddedAppTest {

    @Test
    void theHostSeesItsServicesAndItsCustomCheck() throws Exception {
        EmbeddedApp app = new EmbeddedApp();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<ServiceState> states = app.run(Duration.ofSeconds(3),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        Map<String, HealthStatus> byName = states.stream()
                .collect(Collectors.toMap(ServiceState::name, ServiceState::status));
        assertEquals(HealthStatus.UP, byName.get("inventory-api"));
        assertEquals(HealthStatus.UP, byName.get("job-queue"));
        assertTrue(byName.containsKey("database"));
        assertTrue(app.healthRequestsServed() >= 2, "the API was checked " + app.healthRequestsServed() + " times");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("event service.up inventory-api: HTTP 200"), output);
        assertTrue(output.contains("jobs queued"), output);
        assertTrue(output.contains("checked now: inventory-api UP"), output);
        assertTrue(output.contains("health "), output);
    }
}
