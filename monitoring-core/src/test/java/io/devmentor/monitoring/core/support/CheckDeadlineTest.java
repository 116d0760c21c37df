package io.devmentor.monitoring.core.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline of a check on a real scheduler thread, stalled the way a collector's pause stalls it: the thread is
 * held busy past the deadline.
 */
class CheckDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Holds the scheduler's only thread from now for the given time, as a stop-the-world pause would. */
    private void stall(Duration length) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        scheduler.execute(() -> {
            held.countDown();
            long until = System.nanoTime() + length.toNanos();
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        held.await();
    }

    @Test
    void withoutAStallItEndsTheCheckAtItsTimeout() throws Exception {
        AtomicLong expiredAfter = new AtomicLong();
        CountDownLatch expired = new CountDownLatch(1);
        long started = System.nanoTime();
        CheckDeadline.start(scheduler, TIMEOUT, () -> {
            expiredAfter.set(System.nanoTime() - started);
            expired.countDown();
        });
        assertTrue(expired.await(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(expiredAfter.get());
        // Not before its timeout; soon after it unless this machine itself stalls the timer (then once more).
        assertTrue(millis >= 200 && millis < 1_000, "expired after " + millis + " ms");
    }

    @Test
    void afterAStallItWaitsAsLongAgainOnceSoThatAnAnswerThatCameMeanwhileCounts() throws Exception {
        AtomicLong runs = new AtomicLong();
        long started = System.nanoTime();
        CheckDeadline deadline = CheckDeadline.start(scheduler, TIMEOUT, runs::incrementAndGet);
        stall(Duration.ofMillis(500)); // the deadline comes 300 ms into the stall
        // The stall is over; the deadline ran late, so it waits once more (about 200 ms): the answer, read now by
        // the I/O thread, ends the check first.
        long afterStall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Thread.sleep(50);
        deadline.cancel();
        Thread.sleep(400);
        assertEquals(0, runs.get(), "the check was not ended by the deadline (stall over at " + afterStall + " ms)");
    }

    @Test
    void aTargetThatNeverAnswersIsStillTimedOutAtMostOneTimeoutAfterTheStall() throws Exception {
        AtomicLong expiredAfter = new AtomicLong();
        AtomicLong runs = new AtomicLong();
        CountDownLatch expired = new CountDownLatch(1);
        long started = System.nanoTime();
        CheckDeadline.start(scheduler, TIMEOUT, () -> {
            runs.incrementAndGet();
            expiredAfter.set(System.nanoTime() - started);
            expired.countDown();
        });
        stall(Duration.ofMillis(500));
        assertTrue(expired.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        long millis = TimeUnit.NANOSECONDS.toMillis(expiredAfter.get());
        // Due at 200 ms, run 300 ms late at the end of the stall (500 ms), then once more the timeout at most.
        assertTrue(millis >= 500 + 150 && millis < 500 + 200 + CheckDeadline.STALL_MILLIS, "expired after " + millis);
        assertEquals(1, runs.get());
    }
}
