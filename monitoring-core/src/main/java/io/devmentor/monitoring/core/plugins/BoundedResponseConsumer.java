package io.devmentor.monitoring.core.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Keeps an answer's status and at most the first {@code limit} bytes of its body. At the limit it stops the
 * exchange, which closes the connection, so that the target cannot make the checker read more.
 */
final class BoundedResponseConsumer extends AbstractBinResponseConsumer<BoundedResponse> {

    private static final int CHUNK = 16 * 1024;

    /** Thrown to stop reading at the limit; not a failure of the target. */
    private static final class LimitReached extends IOException {
        private static final long serialVersionUID = 1L;

        LimitReached() {
            super("body limit reached");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown for every large body: no trace to fill
        }
    }

    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private volatile int code = -1;
    /** The answer's protocol, as HTTP/1.1 or HTTP/2, once known. */
    private volatile String version = "";
    private volatile boolean truncated;

    BoundedResponseConsumer(int limit) {
        this.limit = limit;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
        code = response.getCode();
        // HTTP/2 as it is called, not as HTTP/2.0.
        version = response.getVersion() == null ? "" : response.getVersion().getMajor() == 2 ? "HTTP/2"
                : response.getVersion().format();
    }

    @Override
    protected int capacityIncrement() {
        return CHUNK;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int room = limit - buffer.size();
        int take = Math.min(room, src.remaining());
        byte[] chunk = new byte[take];
        src.get(chunk);
        buffer.write(chunk, 0, take);
        // A chunk that fills the buffer exactly is the stop too: waiting for the next one lets a target that
        // then closes (or a decoder that fails) turn a body read to its limit into a failure.
        if (src.hasRemaining() || (buffer.size() >= limit && !endOfStream)) {
            truncated = true;
            throw new LimitReached();
        }
    }

    @Override
    protected BoundedResponse buildResult() {
        return new BoundedResponse(code, version, new BoundedBody(buffer.toByteArray(), truncated));
    }

    /**
     * Whether this failure is the stop at the limit, after which the answer read so far is the result. Once the
     * limit is reached, whatever ends the exchange counts as that stop: the client may report the connection it
     * closes for the stop ({@code ConnectionClosedException}) rather than the stop itself.
     */
    boolean cutShort(Throwable failure) {
        if (truncated && code >= 0) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitReached) {
                return code >= 0;
            }
        }
        return false;
    }

    @Override
    public void releaseResources() {
        // nothing held beyond the buffer
    }
}
