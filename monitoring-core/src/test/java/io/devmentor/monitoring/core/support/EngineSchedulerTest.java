package io.devmentor.monitoring.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.devmentor.monitoring.tck.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduler the engine and its plugins get, over a host's (virtual) one: a repeating task outlives a run that
 * throws, and what was scheduled ends with the engine while the host's scheduler goes on.
 */
@SuppressWarnings("FutureReturnValueIgnored") // these tests look at what runs and when, not at the tasks' futures
class EngineSchedulerTest {

    private final VirtualTime host = VirtualTime.startingAt(Instant.parse("2026-12-06T00:00:00Z"));

    @Test
    void aRepeatingTaskThatThrowsRunsAgainAtItsNextTime() {
        EngineScheduler scheduler = new EngineScheduler(host, false);
        AtomicInteger delayed = new AtomicInteger();
        AtomicInteger rated = new AtomicInteger();
        ScheduledFuture<?> flush = scheduler.scheduleWithFixedDelay(() -> {
            if (delayed.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is away");
            }
        }, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(() -> {
            rated.incrementAndGet();
            throw new IllegalStateException("fails every time");
        }, 1, 1, TimeUnit.SECONDS);

        host.advance(Duration.ofSeconds(5));
        assertEquals(5, delayed.get(), "the first run failed; the other four came at their times");
        assertEquals(5, rated.get(), "a task that always fails is still tried at every period");
        assertFalse(flush.isDone());
    }

    @Test
    void whatTheEngineScheduledEndsWithItAndTheHostsSchedulerGoesOn() {
        EngineScheduler scheduler = new EngineScheduler(host, false);
        AtomicInteger engines = new AtomicInteger();
        AtomicInteger hosts = new AtomicInteger();
        scheduler.scheduleWithFixedDelay(engines::incrementAndGet, 1, 1, TimeUnit.SECONDS);
        scheduler.schedule(engines::incrementAndGet, 10, TimeUnit.SECONDS);
        host.scheduleWithFixedDelay(hosts::incrementAndGet, 1, 1, TimeUnit.SECONDS);
        host.advance(Duration.ofSeconds(2));

        scheduler.shutdownNow();
        host.advance(Duration.ofSeconds(20));
        assertEquals(2, engines.get(), "nothing of the engine's after it closed, the one-shot task included");
        assertEquals(22, hosts.get());
        assertFalse(host.isShutdown(), "the host's scheduler is the host's to shut down");
        assertThrows(RejectedExecutionException.class, () -> scheduler.schedule(() -> { }, 1, TimeUnit.SECONDS));
    }
}
