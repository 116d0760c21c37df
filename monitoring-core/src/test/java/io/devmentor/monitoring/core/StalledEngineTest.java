package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.check.StallWatch;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload degrades honestly: a check that times out while the whole engine stands still (a collector's pause, a
 * machine with more work than cores) is the engine's lateness, not the target's failure.
 */
class StalledEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aCheckTimedOutWhileTheEngineStoodStillIsRetriedNotCountedAndTheNextOneCounts() throws Exception {
        StallWatch watch = StallWatch.of(System::nanoTime, new SimpleMeterRegistry());
        AtomicBoolean standingStill = new AtomicBoolean(true);
        ScheduledExecutorService stalls = Executors.newSingleThreadScheduledExecutor();
        // The engine's watch would see this: every 50 ms, a wake-up a second late.
        var recording = stalls.scheduleAtFixedRate(() -> {
            if (standingStill.get()) {
                watch.record(System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Monitoring monitoring = Monitoring.builder().configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(registry).stallWatch(watch)
                .healthChecker("hang", service -> new CompletableFuture<>()) // never answers: every attempt times out
                .healthChecker("refuse", service -> CompletableFuture.completedFuture(io.devmentor.monitoring.api
                        .CheckResult.down(java.time.Instant.now(), Duration.ofMillis(1), "connection refused")))
                .service(ServiceDefinition.builder("stuck").kind("hang").interval(Duration.ofMillis(300))
                        .timeout(Duration.ofMillis(200)).retryAttempts(0).build())
                .service(ServiceDefinition.builder("refusing").kind("refuse").interval(Duration.ofMillis(300))
                        .timeout(Duration.ofMillis(200)).retryAttempts(0).build())
                .build()) {
            monitoring.start();
            // Two cycles of three attempts each (the first and two more at once), none counted.
            Await.until(WAIT, "stalled attempts", () -> registry.counter("health.check.stalled").count() >= 6);
            ServiceState stuck = monitoring.service("stuck").orElseThrow();
            assertEquals(HealthStatus.UNKNOWN, stuck.status(), stuck.toString());
            assertTrue(stuck.lastResult().isEmpty(), "no result kept: " + stuck);
            // A fast failure is the target's, stall or not.
            assertEquals(HealthStatus.DOWN, monitoring.service("refusing").orElseThrow().status());
            // Whoever asks for a check while the engine stands still hears where the service stands.
            assertEquals(HealthStatus.UNKNOWN, monitoring.checkNow("stuck").toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).status());
            assertTrue(monitoring.events(EventFilter.of("service.down"), 100).stream()
                    .noneMatch(e -> e.source().equals("stuck")), "no outage announced for the engine's lateness");

            // The engine moves again: the next timeout is the target's.
            standingStill.set(false);
            Await.until(WAIT, "the timeout counted", () -> monitoring.service("stuck").orElseThrow().status()
                    == HealthStatus.DOWN);
            assertEquals("timed out after 200 ms", monitoring.service("stuck").orElseThrow().lastResult()
                    .orElseThrow().message());
        } finally {
            recording.cancel(false);
            stalls.shutdownNow();
        }
    }

    @Test
    void theWatchKeepsTheLongestStallThatOverlapsAWindow() {
        StallWatch watch = StallWatch.of(System::nanoTime, new SimpleMeterRegistry());
        long second = TimeUnit.SECONDS.toNanos(1);
        watch.record(10 * second, second / 100); // 10 ms: scheduling noise, not noted
        watch.record(20 * second, second / 2); // from 19.5 s to 20 s
        watch.record(30 * second, 2 * second); // from 28 s to 30 s
        assertEquals(0, watch.worstBetween(5 * second, 15 * second), "noise is no stall");
        assertEquals(second / 2, watch.worstBetween(19 * second, 19_600_000_000L), "overlaps its start");
        assertEquals(2 * second, watch.worstBetween(15 * second, 40 * second), "the longest of two");
        assertEquals(2 * second, watch.worstBetween(29 * second, 29 * second), "within it");
        assertEquals(0, watch.worstBetween(31 * second, 40 * second), "after it");
        for (int i = 0; i < 5000; i++) {
            watch.record(100 * second + i, second / 10); // more than it keeps: the oldest go
        }
        assertEquals(0, watch.worstBetween(15 * second, 40 * second), "forgotten once that many more came");
    }

    /**
     * The watch wakes ten times a second while a check is under way, and not at all while none is: a server at rest,
     * its checks seconds apart, is not woken for nothing. It reads its ticker twice a wake-up.
     */
    @Test
    void theWatchWakesOnlyWhileACheckIsUnderWay() throws Exception {
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        StallWatch watch = StallWatch.of(() -> {
            reads.incrementAndGet();
            return System.nanoTime();
        }, new SimpleMeterRegistry());
        watch.start("test");
        try {
            Thread.sleep(300); // three periods
            assertEquals(0, reads.get(), "asleep with no check under way");
            watch.begin();
            watch.begin();
            Await.until(WAIT, "awake on its period", () -> reads.get() >= 6);
            watch.end();
            long oneLeft = reads.get();
            Await.until(WAIT, "awake while one check is under way", () -> reads.get() >= oneLeft + 4);
            watch.end();
            Await.until(WAIT, "asleep again", () -> {
                long before = reads.get();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return reads.get() == before;
            });
        } finally {
            watch.close();
        }
    }

    /**
     * A process that stands still just as a check begins holds up the sleeping watch's wake-up too: that lateness is
     * a stall, though the watch was not yet on its period. Here the ticker says the watch woke a second after the
     * check began.
     */
    @Test
    void aWatchWokenLateByACheckNotesTheStall() {
        long second = TimeUnit.SECONDS.toNanos(1);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        long base = System.nanoTime();
        // The first reading is the check's beginning; every later one, the watch's, comes a second after it.
        StallWatch watch = StallWatch.of(() -> base + (reads.getAndIncrement() == 0 ? 0 : second),
                new SimpleMeterRegistry());
        watch.start("test");
        try {
            watch.begin();
            Await.until(WAIT, "the late wake-up noted", () -> watch.worstBetween(base, base + second) == second);
            watch.end();
        } finally {
            watch.close();
        }
    }
}
