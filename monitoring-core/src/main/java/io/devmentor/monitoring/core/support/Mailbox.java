package io.devmentor.monitoring.core.support;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One subscriber's bounded queue, handed to it in order, one item at a time, on a pooled thread: the publisher
 * never waits for the subscriber and never runs it on its own thread (so never under its own locks). When the
 * subscriber falls behind by more than the capacity, its oldest items are dropped and counted.
 *
 * @param <T> what is delivered
 */
public final class Mailbox<T> {

    private static final int DRAIN_BATCH = 256;

    /** Told of what the mailbox could not do: drop an item, or a subscriber that threw. */
    public interface Trouble<T> {
        void dropped(T item);

        void failed(T item, RuntimeException e);
    }

    private final Consumer<T> subscriber;
    private final int capacity;
    private final Executor executor;
    private final Trouble<T> trouble;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public Mailbox(Consumer<T> subscriber, int capacity, Executor executor, Trouble<T> trouble) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, was " + capacity);
        }
        this.subscriber = subscriber;
        this.capacity = capacity;
        this.executor = executor;
        this.trouble = trouble;
    }

    public void offer(T item) {
        if (closed) {
            return;
        }
        T lost = null;
        synchronized (queue) {
            if (queue.size() == capacity) {
                lost = queue.removeFirst();
                dropped.incrementAndGet();
            }
            queue.addLast(item);
        }
        if (lost != null) {
            trouble.dropped(lost);
        }
        scheduleDrain();
    }

    public long dropped() {
        return dropped.get();
    }

    public int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** Stops the deliveries; what is still queued is discarded. */
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.clear();
        }
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        for (int i = 0; i < DRAIN_BATCH && !closed; i++) {
            T next;
            synchronized (queue) {
                next = queue.pollFirst();
            }
            if (next == null) {
                break;
            }
            try {
                subscriber.accept(next);
            } catch (RuntimeException e) {
                trouble.failed(next, e);
            }
        }
        draining.set(false);
        // An item offered while we were finishing saw draining=true and left it to us.
        if (pending() > 0 && !closed) {
            scheduleDrain();
        }
    }
}
