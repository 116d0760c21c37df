package io.devmentor.monitoring.server;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What goes out on one WebSocket: a bounded queue of text and binary frames, handed to the container's
 * asynchronous send a few at a time, without blocking. A client that stops reading loses its own oldest frames;
 * the others never wait for it. Used by {@code /ws} and by Socket.IO's WebSocket transport alike.
 */
final class SessionSender {

    static final int MAX_QUEUED = 1000;
    static final int MAX_IN_FLIGHT = 32;

    private final Session session;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean pumping;
    private int inFlight;
    private boolean closed;
    private @Nullable Runnable whenSent;
    private final SendHandler completed = result -> {
        synchronized (this) {
            inFlight--;
        }
        pump();
    };


    SessionSender(Session session) {
        this.session = session;
    }

    /** Queues a text frame. */
    void send(String text) {
        enqueue(text);
    }

    /** Queues a binary frame. */
    void send(byte[] bytes) {
        enqueue(ByteBuffer.wrap(bytes));
    }

    private void enqueue(Object frame) {
        synchronized (this) {
            if (closed || whenSent != null) {
                return;
            }
            if (queue.size() == MAX_QUEUED) {
                queue.removeFirst();
            }
            queue.addLast(frame);
        }
        pump();
    }

    /**
     * Hands queued frames to the container's asynchronous send, at most {@value #MAX_IN_FLIGHT} not yet written
     * at a time, on whichever thread comes (a sender or a completion): one thread at a time, so that frames keep
     * their order, and none waits for the network.
     */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Object next = null;
            Runnable finished = null;
            synchronized (this) {
                if (!closed && whenSent != null && queue.isEmpty() && inFlight == 0) {
                    finished = whenSent;
                    closed = true;
                    pumping = false;
                } else if (closed || inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
                    pumping = false;
                    return;
                } else {
                    next = queue.pollFirst();
                    inFlight++;
                }
            }
            if (finished != null) {
                finished.run();
                return;
            }
            try {
                if (next instanceof String text) {
                    session.getAsyncRemote().sendText(text, completed);
                } else {
                    session.getAsyncRemote().sendBinary((ByteBuffer) next, completed);
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    inFlight--;
                    pumping = false;
                }
                return;
            }
        }
    }

    /**
     * Sends what is queued, then runs {@code then} (closing the session, say), and takes nothing more; after
     * {@code patience} it runs {@code then} anyway, so that a client that does not read cannot hold it open.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the timer ends with its scheduler at close
    void finish(Runnable then, Duration patience, ScheduledExecutorService scheduler) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                then.run();
            }
        };
        synchronized (this) {
            if (closed || whenSent != null) {
                return;
            }
            whenSent = once;
        }
        scheduler.schedule(() -> {
            close();
            once.run();
        }, patience.toMillis(), TimeUnit.MILLISECONDS);
        pump();
    }

    /** Drops what is queued and sends nothing more. */
    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
    }
}
