package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.EventFilter;
import java.util.Optional;

/**
 * One client of the live stream, whichever its protocol ({@code /ws} or Socket.IO): its subscription, the token
 * it connected with, and a way to send it a message without waiting for it.
 */
abstract class LiveClient {

    private final String id;
    private final Optional<String> token;
    private volatile EventFilter subscription;

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
    final EventFilter subscription() {
        return subscription;
    }

    final void subscribe(EventFilter filter) {
        this.subscription = filter;
    }

    /** Sends a message, framed as this client's protocol wants, without blocking. */
    abstract void send(Outgoing message);

    /** Drops what is queued for it and sends nothing more. */
    abstract void close();
}
