package io.devmentor.monitoring.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.nio.NIOConnection;

/**
 * Closes HTTP connections that hold the server without using it: one that sends nothing for the idle timeout
 * after it was opened or after its last answer, and one whose request (headers and body) is not all in within
 * the request timeout of its first byte, however slowly it trickles. While the server works on a request (a
 * long poll, say) no deadline runs, and a connection upgraded to WebSocket is left to the WebSocket timeouts. A
 * connection whose answers wait to be written, for longer than the idle timeout or more than
 * {@value #MAX_QUEUED_BYTES} bytes of them, is reset.
 *
 * <p>Two filters share the deadlines: one next to the transport sees a request's first bytes, one after the HTTP
 * codec sees where requests end and answers end. A single thread sweeps the deadlines twice a second while any
 * connection is open, and sleeps while none is (a server at rest is woken by nothing it does not need).
 */
final class ConnectionDeadlines implements AutoCloseable {

    private static final long SWEEP_MILLIS = 500;
    /** Answers one HTTP connection may have waiting to be written: a few of the largest (/metrics of a fleet). */
    static final int MAX_QUEUED_BYTES = 16 * 1024 * 1024;

    /** Between requests, reading one, working on it, or answered before all of its body was in. */
    private enum Phase { IDLE, RECEIVING, HANDLING, ANSWERED }

    /** Where a connection is, and until when (nanoTime) it may stay there; no limit while it is handled. */
    private record Deadline(Phase phase, long until) {
    }

    private final long idleNanos;
    private final long requestNanos;
    private final Map<Connection<?>, Deadline> open = new ConcurrentHashMap<>();
    /** Since when (nanoTime) each connection has had answers waiting to be written, without a pause. */
    private final Map<Connection<?>, Long> backlogSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    /** Whether a sweep is planned: from the first connection until a sweep finds none left. */
    private final AtomicBoolean sweeping = new AtomicBoolean();

    ConnectionDeadlines(Duration idleTimeout, Duration requestTimeout) {
        this.idleNanos = idleTimeout.toNanos();
        this.requestNanos = requestTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitoring-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The add-on that puts both filters on a listener. */
    AddOn addOn() {
        return (listener, builder) -> {
            builder.add(builder.indexOfType(TransportFilter.class) + 1, new Bytes());
            builder.add(builder.indexOfType(HttpServerFilter.class), new Requests());
        };
    }

    private void opened(Connection<?> connection) {
        open.put(connection, new Deadline(Phase.IDLE, System.nanoTime() + idleNanos));
        if (sweeping.compareAndSet(false, true)) {
            planSweep();
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the sweeps end with their executor at close
    private void planSweep() {
        try {
            sweeper.schedule(this::sweep, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: the listener is stopping
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, deadline) -> {
            if (deadline.phase() != Phase.HANDLING && now - deadline.until() > 0 && open.remove(connection, deadline)) {
                connection.closeSilently();
            } else if (backlogged(connection, now) && open.remove(connection, deadline)) {
                backlogSince.remove(connection);
                reset(connection);
            }
        });
        if (!open.isEmpty()) {
            planSweep();
            return;
        }
        sweeping.set(false);
        // A connection opened between the look and the flag finds the flag still set and plans nothing: plan for it.
        if (!open.isEmpty() && sweeping.compareAndSet(false, true)) {
            planSweep();
        }
    }

    /**
     * Whether answers have waited to be written to the connection, without a pause, for longer than the idle
     * timeout, or more than {@value #MAX_QUEUED_BYTES} bytes of them. A client that pipelines requests and reads
     * a byte a second never trips the write timeout (each byte that leaves restarts it), while the server goes on
     * answering request after request into its write queue: eight of them grew the heap by 16 MB a minute.
     */
    private boolean backlogged(Connection<?> connection, long now) {
        int queued = connection instanceof NIOConnection nio ? nio.getAsyncWriteQueue().spaceInBytes() : 0;
        if (queued <= 0) {
            backlogSince.remove(connection);
            return false;
        }
        long since = backlogSince.computeIfAbsent(connection, c -> now);
        return queued > MAX_QUEUED_BYTES || now - since > idleNanos;
    }

    /**
     * Drops the connection and what waits in it. A graceful close would wait for the queue to drain, which this
     * client never lets; and without {@code SO_LINGER 0} the kernel would go on sending its buffer (megabytes)
     * to the client at its pace, the socket open for as long.
     */
    private static void reset(Connection<?> connection) {
        if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel channel) {
            try {
                channel.socket().setSoLinger(true, 0);
            } catch (IOException e) {
                // closed already
            }
        }
        connection.terminateSilently();
    }

    /** The first bytes of a request, after an answer or on a new connection, start its time. */
    private void receiving(Connection<?> connection) {
        open.computeIfPresent(connection, (c, d) -> d.phase() == Phase.IDLE
                ? new Deadline(Phase.RECEIVING, System.nanoTime() + requestNanos) : d);
    }

    /** Next to the transport: a connection's first bytes, and the first bytes of each request after an answer. */
    private final class Bytes extends BaseFilter {
        @Override
        public NextAction handleAccept(FilterChainContext ctx) throws IOException {
            opened(ctx.getConnection());
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            receiving(ctx.getConnection());
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) throws IOException {
            open.remove(ctx.getConnection());
            backlogSince.remove(ctx.getConnection());
            return ctx.getInvokeAction();
        }
    }

    /** After the HTTP codec: a request is all in, an answer is all out, or a 101 takes the connection out of HTTP. */
    private final class Requests extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content) {
                Connection<?> connection = ctx.getConnection();
                if (content.isLast()) {
                    open.computeIfPresent(connection, (c, d) -> d.phase() == Phase.ANSWERED
                            ? new Deadline(Phase.IDLE, System.nanoTime() + idleNanos)
                            : new Deadline(Phase.HANDLING, 0));
                } else {
                    receiving(connection); // a pipelined request, whose bytes came while the last was handled
                }
            }
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleWrite(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpResponsePacket response && response.getStatus() == 101) {
                open.remove(ctx.getConnection());
            } else if (ctx.getMessage() instanceof HttpContent content && content.isLast()) {
                open.computeIfPresent(ctx.getConnection(), (c, d) -> switch (d.phase()) {
                    case HANDLING -> new Deadline(Phase.IDLE, System.nanoTime() + idleNanos);
                    case RECEIVING -> new Deadline(Phase.ANSWERED, d.until()); // the rest of the body, in its time
                    default -> d;
                });
            }
            return ctx.getInvokeAction();
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
