package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.EventFilter;
import jakarta.websocket.Session;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client: its subscription and its own bounded queue of outgoing messages, sent one at a
 * time without blocking. A client that stops reading loses its own oldest messages; the others never wait
 * for it.
 */
final class ClientConnection {

    static final int MAX_QUEUED = 1000;

    /** How a client's messages are framed. */
    enum Framing {
        /** {@code {"event": …, "data": …}} text frames, on {@code /ws}. */
        JSON,
        /** Socket.IO v4 packets over Engine.IO v4's WebSocket transport, on {@code /socket.io/}. */
        SOCKET_IO
    }

    private final Session session;
    private final Executor sender;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private boolean sending;
    private boolean closed;
    private volatile EventFilter subscription;
    private final String token;
    private final Framing framing;

    ClientConnection(Session session, Executor sender, String token, Framing framing) {
        this.session = session;
        this.sender = sender;
        this.token = token;
        this.framing = framing;
    }

    Framing framing() {
        return framing;
    }

    /** Sends a message framed as this client expects. */
    void send(WebSocketHub.Outgoing message) {
        send(message.text(framing));
    }

    /** The API token the client gave when it connected, or null. */
    String token() {
        return token;
    }

    String id() {
        return session.getId();
    }

    EventFilter subscription() {
        return subscription;
    }

    void subscribe(EventFilter filter) {
        this.subscription = filter;
    }

    long dropped() {
        return dropped.get();
    }

    void send(String message) {
        synchronized (queue) {
            if (closed) {
                return;
            }
            if (queue.size() == MAX_QUEUED) {
                queue.removeFirst();
                dropped.incrementAndGet();
            }
            queue.addLast(message);
            if (sending) {
                return;
            }
            sending = true;
        }
        sendNext();
    }

    private void sendNext() {
        String next;
        synchronized (queue) {
            next = closed ? null : queue.pollFirst();
            if (next == null) {
                sending = false;
                return;
            }
        }
        try {
            // The completion may run on the sending thread: go round through the executor, not the stack.
            session.getAsyncRemote().sendText(next, result -> resume());
        } catch (RuntimeException e) {
            resume();
        }
    }

    /** Drops what is queued and sends nothing more. */
    void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
    }

    private void resume() {
        try {
            sender.execute(this::sendNext);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                sending = false;
            }
        }
    }
}
