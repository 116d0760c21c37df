package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.Test;

/** Where the body limit stops reading, fed the chunk sizes a decompressing entity hands over. */
class BoundedResponseConsumerTest {

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static BoundedResponseConsumer started(int limit) {
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(limit);
        consumer.start(new BasicHttpResponse(200), null);
        return consumer;
    }

    @Test
    void aChunkThatFillsTheLimitExactlyStopsReadingAndTheCloseThatFollowsIsNotAFailure() throws IOException {
        BoundedResponseConsumer consumer = started(8);
        consumer.data(bytes("abcd"), false);
        assertThrows(IOException.class, () -> consumer.data(bytes("efgh"), false));
        assertTrue(consumer.cutShort(new ConnectionClosedException("closed by the client")),
                "the close after the stop is the stop");
        BoundedBody body = consumer.buildResult().body();
        assertArrayEquals("abcdefgh".getBytes(StandardCharsets.US_ASCII), body.bytes());
        assertTrue(body.truncated());
    }

    @Test
    void aChunkLongerThanTheRoomIsCutAtTheLimit() {
        BoundedResponseConsumer consumer = started(5);
        assertThrows(IOException.class, () -> consumer.data(bytes("abcdefgh"), false));
        BoundedBody body = consumer.buildResult().body();
        assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), body.bytes());
        assertTrue(body.truncated());
    }

    @Test
    void aBodyThatEndsAtTheLimitIsWholeAndAFailureBeforeTheLimitIsAFailure() throws IOException {
        BoundedResponseConsumer whole = started(4);
        whole.data(bytes("abcd"), true);
        assertFalse(whole.buildResult().body().truncated());

        BoundedResponseConsumer early = started(100);
        early.data(bytes("abc"), false);
        assertFalse(early.cutShort(new ConnectionClosedException("reset")), "a close before the limit is the target's");
    }
}
