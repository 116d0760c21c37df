package io.devmentor.monitoring.core.event;

import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.spi.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every event this instance sees to the event store, in batches, on a thread of its own, so that a burst
 * of events or a slow store never slows the stage that published them. A batch is written once
 * {@value #BATCH} events wait, or {@link #LINGER} after its first, or at once when a read waits for it: each write is
 * a transaction that an embedded store forces to its file, and a write per event would cost far more than the event.
 * Waiting events are bounded: past
 * {@value #CAPACITY} the oldest is dropped and counted. While the store fails, the batch is kept and tried again,
 * from 1 s up to 30 s apart. A read waits (a little) for the events accepted before it, so that it sees them.
 */
public final class EventRecorder implements AutoCloseable {

    static final int CAPACITY = 50_000;
    private static final int BATCH = 500;
    private static final Duration LINGER = Duration.ofMillis(200);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final EventStore store;
    private final Object lock = new Object();
    private final ArrayDeque<MonitoringEvent> waiting = new ArrayDeque<>();
    /** Events accepted so far, and of those the ones written or dropped: a read waits until the second catches up. */
    private long accepted;
    private long settled;
    private boolean closed;
    /** A read waits for what is accepted: write it now rather than after the linger. */
    private int readersWaiting;
    private final Thread writer;
    private final Counter stored;
    private final Counter dropped;
    private final Counter failures;

    public EventRecorder(EventStore store, MeterRegistry registry, String threadName) {
        this.store = store;
        this.stored = Counter.builder("monitoring.events.stored").description("Events written to the event store")
                .register(registry);
        this.dropped = Counter.builder("monitoring.events.store.dropped")
                .description("Events not stored because too many were waiting for the store").register(registry);
        this.failures = Counter.builder("monitoring.events.store.errors")
                .description("Failed writes to the event store (each retried)").register(registry);
        Gauge.builder("monitoring.events.store.pending", this, EventRecorder::pending)
                .description("Events waiting to be written to the event store").register(registry);
        this.writer = new Thread(this::write, threadName);
        writer.setDaemon(true);
        writer.start();
    }

    /** Takes an event to be stored; never blocks. */
    public void record(MonitoringEvent event) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            accepted++;
            waiting.addLast(event);
            if (waiting.size() > CAPACITY) {
                waiting.removeFirst();
                settled++;
                dropped.increment();
            }
            // The writer waits for a first event, then for a full batch: wake it for those alone.
            if (waiting.size() == 1 || waiting.size() == BATCH) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Reads a page of the history, once the events accepted before the call are written, or {@code wait} has
     * passed.
     *
     * @throws Exception when the store cannot be read
     */
    public EventPage query(EventQuery query, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            long target = accepted;
            readersWaiting++;
            lock.notifyAll();
            try {
                long left;
                while (settled < target && (left = deadline - System.nanoTime()) > 0) {
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } finally {
                readersWaiting--;
            }
        }
        return store.query(query);
    }

    /** Deletes the events older than the cutoff; the count deleted. */
    public long expire(Instant cutoff) throws Exception {
        return store.deleteBefore(cutoff);
    }

    int pending() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    private void write() {
        Duration retry = FIRST_RETRY;
        boolean failing = false;
        while (true) {
            List<MonitoringEvent> batch = new ArrayList<>();
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                long lingerEnds = System.nanoTime() + LINGER.toNanos();
                long left;
                while (waiting.size() < BATCH && !closed && readersWaiting == 0
                        && (left = lingerEnds - System.nanoTime()) > 0) {
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                while (batch.size() < BATCH && !waiting.isEmpty()) {
                    batch.add(waiting.removeFirst());
                }
            }
            try {
                store.append(batch);
                stored.increment(batch.size());
                if (failing) {
                    log.warn("the event store takes events again; {} waiting", pending());
                    failing = false;
                    retry = FIRST_RETRY;
                }
                synchronized (lock) {
                    settled += batch.size();
                    lock.notifyAll();
                }
            } catch (Exception e) {
                failures.increment();
                synchronized (lock) {
                    if (closed) {
                        log.error("{} events not stored at close: the event store failed: {}",
                                batch.size() + waiting.size(), e.toString());
                        settled += batch.size() + waiting.size();
                        waiting.clear();
                        lock.notifyAll();
                        return;
                    }
                    if (!failing) {
                        failing = true;
                        log.error("the event store failed ({}); {} events kept, trying again", e.toString(),
                                batch.size() + waiting.size());
                    }
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        waiting.addFirst(batch.get(i));
                    }
                    while (waiting.size() > CAPACITY) {
                        waiting.removeFirst();
                        settled++;
                        dropped.increment();
                    }
                    try {
                        lock.wait(retry.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /** Writes what is waiting, for at most {@code wait}, then stops the writer. The store stays open. */
    public void close(Duration wait) {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            log.warn("{} events not stored: the event store did not take them within {} ms", pending(),
                    wait.toMillis());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
