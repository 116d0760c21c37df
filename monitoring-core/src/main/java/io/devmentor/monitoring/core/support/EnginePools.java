package io.devmentor.monitoring.core.support;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one engine, named after it: a scheduler that only times work (or the host's), workers that do it
 * (or the host's executor), a dispatch pool for event subscribers, and one thread for collection rounds, so that a
 * slow collector never delays a check.
 */
public final class EnginePools {

    private static final Logger log = LoggerFactory.getLogger(EnginePools.class);

    public final ScheduledExecutorService scheduler;
    public final ExecutorService workers;
    public final ExecutorService dispatch;
    public final ExecutorService collector;
    private final boolean ownsWorkers;
    private final String name;

    /**
     * @param name the engine's name in its threads' names
     * @param workerThreads how many workers, when the host gives no executor
     * @param hostWorkers the host's executor, or null for the engine's own
     * @param hostScheduler the host's scheduler, or null for the engine's own
     */
    public EnginePools(String name, int workerThreads, @Nullable ExecutorService hostWorkers,
            @Nullable ScheduledExecutorService hostScheduler) {
        this.name = name;
        if (hostScheduler == null) {
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, new NamedThreads(name + "-scheduler"));
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = new EngineScheduler(own, true);
        } else {
            this.scheduler = new EngineScheduler(hostScheduler, false);
        }
        this.ownsWorkers = hostWorkers == null;
        this.workers = hostWorkers == null
                ? Executors.newFixedThreadPool(workerThreads, new NamedThreads(name + "-worker"))
                : hostWorkers;
        this.dispatch = Executors.newCachedThreadPool(new NamedThreads(name + "-dispatch"));
        this.collector = Executors.newSingleThreadExecutor(new NamedThreads(name + "-collector"));
    }

    /**
     * Stops the pools that start work and interrupts what runs; the host's executor is left to the host. The
     * dispatch pool runs on, so that the event processor can close (its aggregation cache hands its last removals
     * to it): {@link #shutdownDispatch()} after.
     */
    /** The prefix of the engine's thread names. */
    public String name() {
        return name;
    }

    public void shutdownNow() {
        collector.shutdownNow();
        scheduler.shutdownNow();
        if (ownsWorkers) {
            workers.shutdownNow();
        }
    }

    public void shutdownDispatch() {
        dispatch.shutdownNow();
    }

    /** Waits up to 2 s for each pool's threads to end, so that none registers a meter after close. */
    public void awaitTermination() {
        for (ExecutorService pool : ownsWorkers ? List.of(collector, scheduler, dispatch, workers)
                : List.of(collector, scheduler, dispatch)) {
            try {
                if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                    log.warn("a task of the engine did not end within 2 s of close");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
