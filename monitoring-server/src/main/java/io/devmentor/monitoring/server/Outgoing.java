package io.devmentor.monitoring.server;

import org.jspecify.annotations.Nullable;

/**
 * A message of the live stream: its name and its data as JSON texts, written once, and framed once per protocol
 * however many clients get it.
 */
final class Outgoing {

    private final String eventJson;
    private final String dataJson;
    // Racy single-check caches: a String is safely published, and two threads at worst build the same text twice.
    private @Nullable String plain;
    private @Nullable String socketIo;

    Outgoing(String eventJson, String dataJson) {
        this.eventJson = eventJson;
        this.dataJson = dataJson;
    }

    /** {@code {"event": …, "data": …}}, as {@code /ws} sends it. */
    String plainText() {
        String text = plain;
        if (text == null) {
            text = "{\"event\":" + eventJson + ",\"data\":" + dataJson + "}";
            plain = text;
        }
        return text;
    }

    /** A Socket.IO EVENT packet of the default namespace, {@code 2["event",data]}, as Engine.IO's message data. */
    String socketIoText() {
        String text = socketIo;
        if (text == null) {
            text = "2[" + eventJson + "," + dataJson + "]";
            socketIo = text;
        }
        return text;
    }
}
