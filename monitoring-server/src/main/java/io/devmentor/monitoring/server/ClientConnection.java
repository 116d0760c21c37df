package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.EventFilter;
import jakarta.websocket.Session;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket client: its subscription and its own bounded queue of outgoing messages, handed to the
 * container's asynchronous send a few at a time, without blocking. A client that stops reading loses its own
 * oldest messages; the others never wait for it.
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
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    static final int MAX_IN_FLIGHT = 32;

    private boolean pumping;
    private int inFlight;
    private boolean closed;
    private volatile EventFilter subscription;
    private final String token;
    private final Framing framing;

    ClientConnection(Session session, String token, Framing framing) {
        this.session = session;
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
        }
        pump();
    }

    /**
     * Hands queued messages to the container's asynchronous send, at most {@value #MAX_IN_FLIGHT} not yet
     * written at a time, on whichever thread comes (a sender or a completion): one thread at a time, so that
     * messages keep their order, and none waits for the network.
     */
    private void pump() {
        synchronized (queue) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            String next;
            synchronized (queue) {
                if (closed || inFlight >= MAX_IN_FLIGHT || queue.isEmpty()) {
                    pumping = false;
                    return;
                }
                next = queue.pollFirst();
                inFlight++;
            }
            try {
                session.getAsyncRemote().sendText(next, result -> {
                    synchronized (queue) {
                        inFlight--;
                    }
                    pump();
                });
            } catch (RuntimeException e) {
                synchronized (queue) {
                    inFlight--;
                    pumping = false;
                }
                return;
            }
        }
    }

    /** Drops what is queued and sends nothing more. */
    void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
    }
}
