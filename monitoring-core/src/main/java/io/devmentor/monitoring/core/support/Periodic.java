package io.devmentor.monitoring.core.support;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's periodic tasks. A task given to {@code scheduleWithFixedDelay} that throws once is never run again,
 * silently; here a run that throws is logged and the next one comes as planned.
 */
public final class Periodic {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private Periodic() {
    }

    /**
     * Runs a task with a fixed delay between the end of one run and the start of the next.
     *
     * @param what the task's name in the log
     * @return the schedule, to cancel it
     */
    public static ScheduledFuture<?> withFixedDelay(ScheduledExecutorService scheduler, String what, Runnable task,
            long initialDelay, long delay, TimeUnit unit) {
        return scheduler.scheduleWithFixedDelay(guarded(what, task), initialDelay, delay, unit);
    }

    /** The task, with a failure logged instead of thrown, and nothing said when the engine's pools are closing. */
    public static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the engine is closing: its pools take no more work
            } catch (RuntimeException e) {
                log.error("{} failed; it runs again at its next time", what, e);
            }
        };
    }
}
