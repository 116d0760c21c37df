package io.devmentor.monitoring.core.check;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long this process stood still. A thread that should wake every {@value #PERIOD_MILLIS} ms notes how late it
 * wakes: late, every thread of the process was held up with it (a collector's pause, or a machine with more work
 * than cores). A check that timed out, or answered slowly, across such a stall says nothing of its target: the
 * engine was late, not the target, and {@link ServiceMonitor} does not count it against the service.
 *
 * <p>The watch wakes only while some check is under way ({@link #begin()} to {@link #end()}): a stall while none
 * is explains nothing, and a process at rest, with checks seconds apart, should not wake ten times a second.
 */
public final class StallWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StallWatch.class);
    static final long PERIOD_MILLIS = 100;
    /** Later than this is a stall; below it, the scheduler's ordinary jitter. */
    private static final long NOTED_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Stalls of a second or more are logged, at most once a minute. */
    private static final long LOGGED_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** The stalls remembered: enough for any check's timeout on a machine that stalls ten times a second. */
    static final int KEPT = 4096;

    private final LongSupplier ticker;
    private final Timer stalls;
    // Ring buffers, guarded by this: when each noted stall ended, and how long it was.
    private final long[] endedAt = new long[KEPT];
    private final long[] lasted = new long[KEPT];
    private int next;
    private int size;
    private long loggedAt = Long.MIN_VALUE;
    private volatile @Nullable Thread sleeper;
    /** Checks under way: the watch sleeps until there is one. */
    private final AtomicInteger watched = new AtomicInteger();
    /** When a check woke the sleeping watch: how late the watch then runs is a stall too. */
    private volatile long wokenAt;

    private StallWatch(LongSupplier ticker, MeterRegistry registry) {
        this.ticker = ticker;
        this.stalls = Timer.builder("monitoring.engine.stalls")
                .description("Times the whole engine stood still while checks were under way (a late wake-up of its"
                        + " watch thread): checks across such a stall are retried, not counted against their service")
                .register(registry);
    }

    /** A watch that measures with {@code ticker} once {@link #start started}, and counts its stalls in the registry. */
    public static StallWatch of(LongSupplier ticker, MeterRegistry registry) {
        return new StallWatch(ticker, registry);
    }

    /** Starts the watch thread, named after the engine. */
    public synchronized void start(String name) {
        if (sleeper != null) {
            return;
        }
        Thread thread = new Thread(this::watch, name + "-stall-watch");
        thread.setDaemon(true);
        sleeper = thread;
        thread.start();
    }

    private void watch() {
        long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        boolean asleep = true;
        while (sleeper == Thread.currentThread()) {
            if (watched.get() <= 0) {
                asleep = true;
                LockSupport.park(this); // until a check begins (or the watch closes)
                continue;
            }
            if (asleep) {
                asleep = false;
                long woke = ticker.getAsLong();
                record(woke, woke - wokenAt); // due as the check that woke it began
            }
            long due = ticker.getAsLong() + period;
            LockSupport.parkNanos(period);
            long woke = ticker.getAsLong();
            record(woke, woke - due);
        }
    }

    /**
     * A check begins: the watch wakes on its period until every check under way has {@link #end ended}.
     *
     * @return the moment it began, on the watch's ticker, for {@link #worstSince}
     */
    public long begin() {
        long now = ticker.getAsLong();
        if (watched.get() <= 0) {
            wokenAt = now; // before the count, so that the watch never reads an older one
        }
        if (watched.getAndIncrement() == 0) {
            Thread thread = sleeper;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
        return now;
    }

    /** A check that {@link #begin began} has ended. */
    public void end() {
        watched.decrementAndGet();
    }

    /** The longest stall since {@code began} (what {@link #begin} returned), in nanoseconds; 0 if none. */
    public long worstSince(long began) {
        return worstBetween(began, ticker.getAsLong());
    }

    /** Notes a wake-up {@code lateNanos} after it was due: the watch thread's, or a test's. */
    public void record(long wokeAtNanos, long lateNanos) {
        if (lateNanos < NOTED_NANOS) {
            return;
        }
        stalls.record(lateNanos, TimeUnit.NANOSECONDS);
        boolean tell;
        synchronized (this) {
            endedAt[next] = wokeAtNanos;
            lasted[next] = lateNanos;
            next = (next + 1) % KEPT;
            size = Math.min(KEPT, size + 1);
            tell = lateNanos >= LOGGED_NANOS && (loggedAt == Long.MIN_VALUE || wokeAtNanos - loggedAt >= LOG_EVERY_NANOS);
            if (tell) {
                loggedAt = wokeAtNanos;
            }
        }
        if (tell) {
            log.warn("the engine stood still for {} ms (a collector's pause, or more work than the machine's cores):"
                    + " checks across it are retried, not counted against their services", lateNanos / 1_000_000);
        }
    }

    /** The longest stall that overlapped {@code [fromNanos, toNanos]}, in nanoseconds; 0 if none did. */
    public synchronized long worstBetween(long fromNanos, long toNanos) {
        long worst = 0;
        for (int i = 0; i < size; i++) {
            long ended = endedAt[i];
            if (ended >= fromNanos && ended - lasted[i] <= toNanos) {
                worst = Math.max(worst, lasted[i]);
            }
        }
        return worst;
    }

    @Override
    public void close() {
        Thread thread = sleeper;
        sleeper = null;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
