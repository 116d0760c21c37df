package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Virtual time keeps the promises of a scheduled executor, a clock and a ticker, without a thread. */
@SuppressWarnings("FutureReturnValueIgnored") // these tests look at what runs and when, not at the tasks' futures
class VirtualTimeTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void tasksRunInTheOrderOfTheirTimeWithTheClockAtThatTime() {
        VirtualTime time = VirtualTime.startingAt(START);
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> ran.add("b at " + time.clock().instant()), 2, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("a at " + time.clock().instant()), 1, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("a2 at " + time.clock().instant()), 1000, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("later"), 1, TimeUnit.HOURS);
        time.advance(Duration.ofSeconds(5));
        assertEquals(List.of("a at 2026-01-01T00:00:01Z", "a2 at 2026-01-01T00:00:01Z", "b at 2026-01-01T00:00:02Z"),
                ran);
        assertEquals(START.plusSeconds(5), time.now());
        assertEquals(Duration.ofSeconds(5).toNanos(), time.nanoTime());
        assertEquals(1, time.pending());
    }

    @Test
    void repeatingTasksKeepTheirPeriodThroughOneLongAdvance() {
        VirtualTime time = VirtualTime.startingAt(START);
        List<Long> rate = new CopyOnWriteArrayList<>();
        List<Long> delay = new CopyOnWriteArrayList<>();
        time.scheduleAtFixedRate(() -> rate.add(time.nanoTime() / 1_000_000), 0, 100, TimeUnit.MILLISECONDS);
        time.scheduleWithFixedDelay(() -> delay.add(time.nanoTime() / 1_000_000), 50, 200, TimeUnit.MILLISECONDS);
        time.advance(Duration.ofMillis(450));
        assertEquals(List.of(0L, 100L, 200L, 300L, 400L), rate);
        assertEquals(List.of(50L, 250L, 450L), delay, "the end of the span included");
    }

    @Test
    void aTaskScheduledByATaskWithinTheSpanRunsInIt() {
        VirtualTime time = VirtualTime.startingAt(START);
        List<Long> ran = new CopyOnWriteArrayList<>();
        time.schedule(() -> {
            ran.add(time.nanoTime());
            time.schedule(() -> ran.add(time.nanoTime()), 1, TimeUnit.SECONDS);
        }, 1, TimeUnit.SECONDS);
        time.advance(Duration.ofSeconds(3));
        assertEquals(List.of(1_000_000_000L, 2_000_000_000L), ran);
    }

    @Test
    void cancelledTasksDoNotRunAndFailuresEndOnlyTheirTask() throws Exception {
        VirtualTime time = VirtualTime.startingAt(START);
        List<String> ran = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> cancelled = time.schedule(() -> ran.add("cancelled"), 1, TimeUnit.SECONDS);
        ScheduledFuture<?> failing = time.scheduleAtFixedRate(() -> {
            throw new IllegalStateException("broken");
        }, 1, 1, TimeUnit.SECONDS);
        ScheduledFuture<String> value = time.schedule(() -> "value", 2, TimeUnit.SECONDS);
        assertEquals(1, cancelled.getDelay(TimeUnit.SECONDS));
        assertTrue(cancelled.cancel(false));
        time.advance(Duration.ofSeconds(10));
        assertEquals(List.of(), ran);
        assertTrue(cancelled.isCancelled());
        assertTrue(failing.isDone(), "a repeating task that throws runs no more");
        assertThrows(ExecutionException.class, failing::get);
        assertEquals("value", value.get());
        assertEquals(0, time.pending());
    }

    /** Work handed to its workers happens at the instant it was handed over, however long it takes in real time. */
    @Test
    void timeMovesOnOnlyOnceTheWorkersAreIdle() throws Exception {
        VirtualTime time = VirtualTime.startingAt(START);
        ExecutorService workers = time.workers(2);
        List<String> seen = new CopyOnWriteArrayList<>();
        // A chain, as a monitor's checks are: each run plans the next when its slow work is done.
        Runnable[] check = new Runnable[1];
        check[0] = () -> workers.execute(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(time.now().toString());
            time.schedule(check[0], 40, TimeUnit.MILLISECONDS);
        });
        time.schedule(check[0], 40, TimeUnit.MILLISECONDS);
        time.advance(Duration.ofMillis(130));
        assertEquals(List.of("2026-01-01T00:00:00.040Z", "2026-01-01T00:00:00.080Z", "2026-01-01T00:00:00.120Z"), seen);
        time.shutdownNow();
        assertTrue(workers.isShutdown());
    }

    @Test
    void shutDownItRefusesWorkAndDropsWhatWaits() {
        VirtualTime time = VirtualTime.startingAt(START);
        time.schedule(() -> { }, 1, TimeUnit.SECONDS);
        assertEquals(1, time.shutdownNow().size());
        assertThrows(RejectedExecutionException.class, () -> time.execute(() -> { }));
        assertTrue(time.isTerminated());
        assertThrows(IllegalArgumentException.class, () -> time.advance(Duration.ofSeconds(-1)));
    }
}
