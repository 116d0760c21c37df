package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.EventFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One client of the live stream, whichever its protocol ({@code /ws} or Socket.IO): its subscription, the token
 * it connected with, and a way to send it a message without waiting for it.
 */
abstract class LiveClient {

    private final String id;
    private final Optional<String> token;
    private volatile @Nullable EventFilter subscription;
    /** What came for it before its first message went out, in order; null once it has started. */
    private @Nullable List<Outgoing> held = new ArrayList<>();

    LiveClient(String id, Optional<String> token) {
        this.id = id;
        this.token = token;
    }

    final String id() {
        return id;
    }

    /** The API token given when it connected, if any (an event may carry its own). */
    final Optional<String> token() {
        return token;
    }

    /** What it subscribed to, or null when it never did: then it gets every event. */
    final @Nullable EventFilter subscription() {
        return subscription;
    }

    final void subscribe(EventFilter filter) {
        this.subscription = filter;
    }

    /**
     * Sends a message without blocking; until the client has {@linkplain #start started}, it is held, so that
     * nothing reaches the client before its first message. No lock is held while writing: a protocol's write
     * may take its library's own lock, under which that library calls back into the hub.
     */
    final void send(Outgoing message) {
        synchronized (this) {
            List<Outgoing> waiting = held;
            if (waiting != null) {
                if (waiting.size() < SessionSender.MAX_QUEUED) {
                    waiting.add(message);
                }
                return;
            }
        }
        write(message);
    }

    /** Sends its first message, then what was held for it meanwhile, in order; from then on, sends go out at once. */
    final void start(Outgoing first) {
        write(first);
        while (true) {
            List<Outgoing> batch;
            synchronized (this) {
                List<Outgoing> waiting = held;
                if (waiting == null || waiting.isEmpty()) {
                    held = null;
                    return;
                }
                batch = waiting;
                held = new ArrayList<>();
            }
            batch.forEach(this::write);
        }
    }

    /** Writes a message, framed as this client's protocol wants, without blocking. */
    abstract void write(Outgoing message);

    /** Drops what is queued for it and sends nothing more. */
    abstract void close();
}
