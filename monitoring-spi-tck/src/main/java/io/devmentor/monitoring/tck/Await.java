package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for what a plugin, or an engine, does on its own threads: polls a condition every few milliseconds up to a
 * limit, then fails naming what it waited for.
 */
public final class Await {

    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Returns once the condition holds.
     *
     * @param limit how long to wait at most
     * @param what what is awaited, for the failure's message
     * @param condition the condition, polled from the calling thread
     */
    public static void until(Duration limit, String what, BooleanSupplier condition) {
        until(limit, () -> what, condition);
    }

    static void until(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long asked = System.nanoTime();
            if (condition.getAsBoolean()) {
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                fail("waited " + limit.toMillis() + " ms for " + what.get());
            }
            try {
                // As long as the condition took to answer, 5 ms at least: a condition that asks a server over
                // HTTP keeps it busy half the time at most.
                TimeUnit.NANOSECONDS.sleep(Math.max(MIN_PAUSE_NANOS, now - asked));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what.get());
            }
        }
    }
}
