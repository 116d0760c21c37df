package io.devmentor.monitoring.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * Closes HTTP connections that hold the server without using it: one that sends nothing for the idle timeout
 * after it was opened or after its last answer, and one whose request (headers and body) is not all in within
 * the request timeout of its first byte, however slowly it trickles. While the server works on a request (a
 * long poll, say) no deadline runs, and a connection upgraded to WebSocket is left to the WebSocket timeouts.
 *
 * <p>Two filters share the deadlines: one next to the transport sees a request's first bytes, one after the HTTP
 * codec sees where requests end and answers end. A single thread sweeps the deadlines twice a second.
 */
final class ConnectionDeadlines implements AutoCloseable {

    private static final long SWEEP_MILLIS = 500;

    /** Between requests, reading one, working on it, or answered before all of its body was in. */
    private enum Phase { IDLE, RECEIVING, HANDLING, ANSWERED }

    /** Where a connection is, and until when (nanoTime) it may stay there; no limit while it is handled. */
    private record Deadline(Phase phase, long until) {
    }

    private final long idleNanos;
    private final long requestNanos;
    private final Map<Connection<?>, Deadline> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    ConnectionDeadlines(Duration idleTimeout, Duration requestTimeout) {
        this.idleNanos = idleTimeout.toNanos();
        this.requestNanos = requestTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitoring-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The add-on that puts both filters on a listener. */
    AddOn addOn() {
        return (listener, builder) -> {
            builder.add(builder.indexOfType(TransportFilter.class) + 1, new Bytes());
            builder.add(builder.indexOfType(HttpServerFilter.class), new Requests());
        };
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, deadline) -> {
            if (deadline.phase() != Phase.HANDLING && now - deadline.until() > 0 && open.remove(connection, deadline)) {
                connection.closeSilently();
            }
        });
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
            open.put(ctx.getConnection(), new Deadline(Phase.IDLE, System.nanoTime() + idleNanos));
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
