package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Push;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.tck.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push monitor (type {@code push}), as a nightly job is watched, in virtual time: unknown until its first report
 * is due, up while its reports come on time saying up, down when one says down or none comes within its interval
 * and grace. Reports need the service's own token, from the environment.
 */
class PushMonitorTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void aNightlyJobIsUpWhileItReportsOnTimeAndDownWhenItFailsOrFallsSilent() {
        VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-12-01T00:00:00Z"));
        Monitoring monitoring = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of("METRICS_COLLECTION_INTERVAL",
                        Long.toString(HOUR.toMillis()), "NIGHTLY_PUSH_TOKEN", "s3cret-push-token"), dir))
                .meterRegistry(new SimpleMeterRegistry())
                .scheduler(time).clock(time.clock()).ticker(time::nanoTime).executor(time.workers(2))
                // Reports every hour (period), looked at every ten minutes (interval), half an hour's grace.
                .service(ServiceDefinition.builder("nightly").kind("push").interval(Duration.ofMinutes(10))
                        .setting("period", Long.toString(HOUR.toMillis()))
                        .setting("token", "${NIGHTLY_PUSH_TOKEN}").build())
                .service(ServiceDefinition.builder("tokenless").kind("push").interval(HOUR).build())
                .service(ServiceDefinition.builder("web").url("http://127.0.0.1:1/health").interval(HOUR).build())
                .build();
        try {
            monitoring.start();
            time.advance(Duration.ofMinutes(10));
            assertEquals(HealthStatus.UNKNOWN, state(monitoring).status(), "no report due yet");
            assertTrue(state(monitoring).checks() >= 1);
            assertTrue(state(monitoring).lastResult().orElseThrow().message().startsWith("waiting for a first push"));

            assertThrows(SecurityException.class, () -> monitoring.push("nightly", "guess", up("x", time)));
            monitoring.push("nightly", "s3cret-push-token", new Push(HealthStatus.UP, "imported 1204 rows",
                    Optional.of(Duration.ofMillis(1500)), time.now()));
            time.advance(Duration.ofSeconds(1));
            assertEquals(HealthStatus.UP, state(monitoring).status(), "judged at once, not at the next interval");
            assertEquals("pushed up 0 ms ago: imported 1204 rows", state(monitoring).lastResult().orElseThrow()
                    .message());
            assertEquals(Duration.ofMillis(1500), state(monitoring).lastResult().orElseThrow().latency());

            // Still up an hour and a quarter later, within the period and its grace.
            time.advance(Duration.ofMinutes(75));
            assertEquals(HealthStatus.UP, state(monitoring).status());
            // Silent past the period and its grace (at 100 min): seen at a later check. Checks come every interval
            // give or take 5 % of jitter, which adds up over the ten since the push: 40 minutes leaves room for it.
            time.advance(Duration.ofMinutes(40));
            assertEquals(HealthStatus.DOWN, state(monitoring).status());
            assertTrue(state(monitoring).lastResult().orElseThrow().message().startsWith("no push for "),
                    state(monitoring).lastResult().orElseThrow().message());
            assertEquals(1, monitoring.events(new EventFilter(List.of("service.down"), Set.of("nightly")), 10).get(0)
                    .data().get("attempts"), "a push monitor is not retried: its reports would say the same");

            monitoring.push("nightly", "s3cret-push-token", up("again", time));
            time.advance(Duration.ofSeconds(1));
            assertEquals(HealthStatus.UP, state(monitoring).status());
            monitoring.push("nightly", "s3cret-push-token", new Push(HealthStatus.DOWN, "disk full",
                    Optional.empty(), time.now()));
            time.advance(Duration.ofSeconds(1));
            assertEquals(HealthStatus.DOWN, state(monitoring).status());
            assertEquals("pushed down: disk full", state(monitoring).lastResult().orElseThrow().message());

            assertThrows(NoSuchElementException.class, () -> monitoring.push("nope", "x", up("x", time)));
            IllegalStateException notPush = assertThrows(IllegalStateException.class,
                    () -> monitoring.push("web", "x", up("x", time)));
            assertEquals("service 'web' is not a push monitor (type: push)", notPush.getMessage());
            IllegalStateException noToken = assertThrows(IllegalStateException.class,
                    () -> monitoring.push("tokenless", "", up("x", time)));
            assertTrue(noToken.getMessage().startsWith("service 'tokenless' has no push token"), noToken.getMessage());
        } finally {
            monitoring.close();
            time.shutdownNow();
        }
    }

    private static ServiceState state(Monitoring monitoring) {
        return monitoring.service("nightly").orElseThrow();
    }

    private static Push up(String message, VirtualTime time) {
        return new Push(HealthStatus.UP, message, Optional.empty(), time.now());
    }
}
