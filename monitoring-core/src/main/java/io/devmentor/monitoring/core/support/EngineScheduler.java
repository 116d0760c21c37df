package io.devmentor.monitoring.core.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One engine's view of a scheduler that may be the host's: what the engine scheduled ends with the engine. After
 * {@link #shutdownNow()} its repeating tasks are cancelled, a one-shot task that comes due does nothing, and new
 * work is refused; the scheduler itself is shut down only when the engine made it. A repeating task that throws
 * is logged and runs again at its next time, the engine's and the plugins' alike: the JDK's would end it for good,
 * silently.
 */
final class EngineScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ScheduledExecutorService delegate;
    private final boolean owned;
    // Only repeating tasks are kept: they never end by themselves, and the engine starts a handful of them.
    private final Set<ScheduledFuture<?>> repeating = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EngineScheduler(ScheduledExecutorService delegate, boolean owned) {
        this.delegate = delegate;
        this.owned = owned;
    }

    private Runnable whileOpen(Runnable task) {
        return () -> {
            if (!closed) {
                task.run();
            }
        };
    }

    private static Runnable repeatable(Runnable command) {
        return Periodic.guarded("a repeating task (" + command.getClass().getName() + ")", command);
    }

    private void requireOpen() {
        if (closed) {
            throw new RejectedExecutionException("the engine is closed");
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        requireOpen();
        return delegate.schedule(whileOpen(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        requireOpen();
        return delegate.schedule(() -> {
            if (closed) {
                throw new IllegalStateException("the engine is closed");
            }
            return callable.call();
        }, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        requireOpen();
        return keep(delegate.scheduleAtFixedRate(whileOpen(repeatable(command)), initialDelay, period, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        requireOpen();
        return keep(delegate.scheduleWithFixedDelay(whileOpen(repeatable(command)), initialDelay, delay, unit));
    }

    private ScheduledFuture<?> keep(ScheduledFuture<?> future) {
        repeating.add(future);
        if (closed) {
            future.cancel(false);
        }
        return future;
    }

    @Override
    public void execute(Runnable command) {
        requireOpen();
        delegate.execute(whileOpen(command));
    }

    @Override
    public void shutdown() {
        shutdownNow();
    }

    @Override
    public List<Runnable> shutdownNow() {
        closed = true;
        repeating.forEach(future -> future.cancel(false));
        repeating.clear();
        if (owned) {
            delegate.shutdownNow();
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return closed;
    }

    @Override
    public boolean isTerminated() {
        return closed && (!owned || delegate.isTerminated());
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return !owned || delegate.awaitTermination(timeout, unit);
    }
}
