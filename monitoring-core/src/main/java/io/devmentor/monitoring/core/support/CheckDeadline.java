package io.devmentor.monitoring.core.support;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The end of a check at its timeout, that does not blame the target for the time this process stood still.
 *
 * <p>When the deadline's timer runs more than {@value #STALL_MILLIS} ms late, the process was stalled (a
 * collector's pause, or more work than its cores) for about that long: whatever the target sent meanwhile waits
 * unread in the socket, and the I/O thread, stalled too, has not had its turn. The deadline then waits once more,
 * for as long as it was late (at most the timeout), before it ends the check; a check that the answer completes
 * meanwhile is cancelled as usual. A target that does not answer is still timed out, at most one timeout later.
 */
public final class CheckDeadline {

    static final long STALL_MILLIS = 100;

    private final ScheduledExecutorService scheduler;
    private final Runnable expired;
    private final long timeoutNanos;
    private volatile long dueNanos;
    private volatile boolean extended;
    private volatile boolean cancelled;
    private volatile @Nullable ScheduledFuture<?> timer;

    private CheckDeadline(ScheduledExecutorService scheduler, Duration timeout, Runnable expired) {
        this.scheduler = scheduler;
        this.expired = expired;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Runs {@code expired} once the timeout has passed, unless {@link #cancel()} comes first.
     *
     * @param scheduler the timer's thread
     * @param timeout from now
     * @param expired what ends the check
     * @return the deadline, to cancel when the check ends otherwise
     * @throws RejectedExecutionException when the scheduler is shut down
     */
    public static CheckDeadline start(ScheduledExecutorService scheduler, Duration timeout, Runnable expired) {
        CheckDeadline deadline = new CheckDeadline(scheduler, timeout, expired);
        deadline.arm(deadline.timeoutNanos);
        return deadline;
    }

    private void arm(long delayNanos) {
        dueNanos = System.nanoTime() + delayNanos;
        ScheduledFuture<?> next = scheduler.schedule(this::due, delayNanos, TimeUnit.NANOSECONDS);
        timer = next;
        if (cancelled) {
            next.cancel(false);
        }
    }

    private void due() {
        if (cancelled) {
            return;
        }
        long lateNanos = System.nanoTime() - dueNanos;
        if (!extended && lateNanos > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
            extended = true;
            try {
                arm(Math.min(lateNanos, timeoutNanos));
                return;
            } catch (RejectedExecutionException closing) {
                // the scheduler is stopping: end the check now
            }
        }
        expired.run();
    }

    /** The check ended otherwise: {@code expired} will not run. */
    public void cancel() {
        cancelled = true;
        ScheduledFuture<?> current = timer;
        if (current != null) {
            current.cancel(false);
        }
    }
}
