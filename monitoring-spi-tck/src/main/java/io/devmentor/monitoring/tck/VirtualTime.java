package io.devmentor.monitoring.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Time that passes only when a test says so: a {@link ScheduledExecutorService}, a {@link Clock} and a monotonic
 * ticker ({@link #nanoTime()}) that all read the same virtual instant. Give all three to the code under test (for
 * the engine: {@code Monitoring.builder().scheduler(time).clock(time.clock()).ticker(time::nanoTime)}); then
 * {@link #advance(Duration)} makes an hour pass in a moment, and runs what comes due in that hour, in order of
 * its time, on the calling thread.
 *
 * <p>Work that the scheduled tasks hand to other threads runs in real time there. Threads made with
 * {@link #workers(int)} are waited for: after the tasks of each instant, {@link #advance(Duration)} lets time move on
 * only once these threads are idle, so that work handed to them happens at the instant it was handed over, however
 * slow the machine. A test waits for other threads' outcomes as usual, never for time to pass.
 */
public final class VirtualTime extends AbstractExecutorService implements ScheduledExecutorService {

    private final Instant origin;
    private final Object lock = new Object();
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    // One advance at a time, so that tasks run in the order of their time.
    private final ReentrantLock advancing = new ReentrantLock();
    private volatile long nanos;
    private long sequence;
    private volatile boolean shutdown;
    private final List<Workers> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How long {@link #advance(Duration)} waits for the workers to be idle before it calls them stuck. */
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

    private VirtualTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /**
     * Virtual time that starts at an instant.
     *
     * @param origin what its clock reads before any time passes
     * @return the virtual time
     */
    public static VirtualTime startingAt(Instant origin) {
        return new VirtualTime(origin);
    }

    /** @return the virtual instant now */
    public Instant now() {
        return origin.plusNanos(nanos);
    }

    /** @return the nanoseconds that have passed since the start: a ticker, as {@link System#nanoTime()} is */
    public long nanoTime() {
        return nanos;
    }

    /** @return a clock, in UTC, that reads the virtual instant */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("a virtual clock is in UTC");
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    /**
     * A pool of real threads that this virtual time waits for: give it to the code under test as its workers (for
     * the engine: {@code Monitoring.builder().executor(time.workers(2))}). It is shut down with this virtual time.
     *
     * @param threads how many threads
     * @return the pool
     */
    public ExecutorService workers(int threads) {
        Workers pool = new Workers(threads);
        workers.add(pool);
        return pool;
    }

    /** @return how many tasks wait for their time */
    public int pending() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * Makes time pass, running every task that comes due meanwhile, in order of its time (and, at one time, of
     * its scheduling), on the calling thread, with the clock at the task's time. A task scheduled meanwhile for a
     * time within the span runs too. A task that throws is ended with its exception; the others run on.
     *
     * @param span how much time passes, zero or more: zero runs what is due now
     */
    public void advance(Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + span);
        }
        advancing.lock();
        try {
            long target = Math.addExact(nanos, span.toNanos());
            while (true) {
                Task<?> next;
                synchronized (lock) {
                    next = queue.peek();
                    if (next == null || next.due > target) {
                        nanos = target;
                        return;
                    }
                    queue.poll();
                    nanos = Math.max(nanos, next.due);
                }
                next.run();
                awaitIdleWorkers();
            }
        } finally {
            advancing.unlock();
        }
    }

    private void awaitIdleWorkers() {
        for (Workers pool : workers) {
            if (!pool.awaitIdle(IDLE_LIMIT)) {
                throw new IllegalStateException("the workers were still busy " + IDLE_LIMIT.toSeconds()
                        + " s after the tasks due at " + now() + ": is one waiting for virtual time to pass?");
            }
        }
    }

    private <V> Task<V> enqueue(Task<V> task) {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("this virtual time is shut down");
            }
            task.sequence = sequence++;
            queue.add(task);
        }
        return task;
    }

    private long dueIn(long delay, TimeUnit unit) {
        return nanos + Math.max(0, unit.toNanos(delay));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new Task<>(() -> {
            command.run();
            return null;
        }, dueIn(delay, unit), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(Objects.requireNonNull(callable, "callable"), dueIn(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return repeating(command, initialDelay, unit.toNanos(period), unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return repeating(command, initialDelay, -unit.toNanos(delay), unit);
    }

    private ScheduledFuture<?> repeating(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        if (period == 0) {
            throw new IllegalArgumentException("a repeating task needs a period");
        }
        return enqueue(new Task<>(() -> {
            command.run();
            return null;
        }, dueIn(initialDelay, unit), period));
    }

    /** Runs the command at the current virtual time, at the next {@link #advance(Duration)}. */
    @SuppressWarnings("FutureReturnValueIgnored") // execute has nothing to return; the task runs when time comes
    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
        }
        workers.forEach(ExecutorService::shutdown);
    }

    /** Refuses new tasks and drops the waiting ones, which are returned. */
    @Override
    public List<Runnable> shutdownNow() {
        synchronized (lock) {
            shutdown = true;
            List<Runnable> dropped = new ArrayList<>(queue);
            queue.clear();
            dropped.forEach(task -> ((Task<?>) task).result.cancel(false));
            workers.forEach(ExecutorService::shutdownNow);
            return dropped;
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        synchronized (lock) {
            return shutdown && queue.isEmpty();
        }
    }

    /** Virtual time has no threads to wait for. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** Real threads that count their work, so that virtual time can wait until they are idle. */
    private static final class Workers extends ThreadPoolExecutor {
        private final Object idle = new Object();
        private int busy;

        Workers(int threads) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "virtual-time-worker");
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void execute(Runnable command) {
            synchronized (idle) {
                busy++;
            }
            try {
                super.execute(command);
            } catch (RuntimeException e) {
                done();
                throw e;
            }
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            done();
        }

        private void done() {
            synchronized (idle) {
                busy--;
                if (busy == 0) {
                    idle.notifyAll();
                }
            }
        }

        boolean awaitIdle(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (idle) {
                while (busy > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(idle, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }
    }

    /** A task waiting for its time: positive periods repeat at a fixed rate, negative ones with a fixed delay. */
    private final class Task<V> implements RunnableScheduledFuture<V> {
        private final Callable<V> callable;
        private final long period;
        private final CompletableFuture<V> result = new CompletableFuture<>();
        private long due;
        private long sequence;

        Task(Callable<V> callable, long due, long period) {
            this.callable = callable;
            this.due = due;
            this.period = period;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            try {
                V value = callable.call();
                if (period == 0) {
                    result.complete(value);
                    return;
                }
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
                return;
            }
            synchronized (lock) {
                if (!result.isDone() && !shutdown) {
                    due = period > 0 ? due + period : nanos - period;
                    sequence = VirtualTime.this.sequence++;
                    queue.add(this);
                }
            }
        }

        @Override
        public boolean isPeriodic() {
            return period != 0;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byTime = Long.compare(due, task.due);
                return byTime != 0 ? byTime : Long.compare(sequence, task.sequence);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = result.cancel(false);
            synchronized (lock) {
                queue.remove(this);
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        /** Waits in real time: some other thread must advance the time meanwhile. */
        @Override
        public V get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
