package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ping checker: offered where the process may send ICMP (CAP_NET_RAW, read from its status file), with its
 * reason where not; an echo to loopback is answered, one to a documentation address (TEST-NET-2) is not.
 */
class PingCheckTest {

    @TempDir
    Path dir;

    @Test
    void itIsOfferedOnlyWithTheCapabilityAndSaysWhyNot() throws Exception {
        Path without = dir.resolve("status-without");
        Files.writeString(without, "Name:\tjava\nCapEff:\t0000000000000000\n");
        Path with = dir.resolve("status-with");
        Files.writeString(with, "Name:\tjava\nCapEff:\t0000000000002000\n");
        assertFalse(PingCheckerProvider.mayPing(without));
        assertTrue(PingCheckerProvider.mayPing(with));
        assertFalse(PingCheckerProvider.mayPing(dir.resolve("missing")));
    }

    @Test
    void loopbackAnswersAndAnUnroutedAddressIsDownAtTheTimeout() throws Exception {
        PingCheckerProvider provider = new PingCheckerProvider();
        try (StubPluginContext context = StubPluginContext.in(dir);
                PingHealthChecker checker = new PingHealthChecker(Clock.systemUTC())) {
            // CI runs as root, which may send ICMP: the checker must be offered there, never skipped.
            assertTrue(provider.availability(context).available(),
                    "this process may not send ICMP: " + provider.availability(context).reason());
            CheckResult loopback = checker.check(ServiceDefinition.builder("lo").kind("ping").hostAndPort("127.0.0.1", 0)
                    .timeout(Duration.ofSeconds(2)).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(HealthStatus.UP, loopback.status(), loopback.message());
            assertTrue(loopback.message().startsWith("echo reply from 127.0.0.1 in "), loopback.message());

            long started = System.nanoTime();
            CheckResult nobody = checker.check(ServiceDefinition.builder("void").kind("ping")
                    .hostAndPort("198.51.100.7", 0).timeout(Duration.ofMillis(700)).build()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(HealthStatus.DOWN, nobody.status(), nobody.message());
            assertEquals("no echo reply in 700 ms", nobody.message());
            // At its timeout, not before; the upper bound leaves a busy machine room to hand the result over.
            assertTrue(millis >= 700 && millis < 700 + 2000, "took " + millis + " ms");
        }
    }
}
