package io.devmentor.monitoring.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeBuilder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * Caps the connections of each client (by its address) and of everyone together. A connection over its client's
 * cap is answered 503 on its first request and closed; one over the total cap is closed at once, so that the
 * file descriptors it would hold stay free for others.
 */
final class ConnectionLimitFilter extends BaseFilter {

    private final int perClient;
    private final int total;
    private final Map<InetAddress, AtomicInteger> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Attribute<InetAddress> counted = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(ConnectionLimitFilter.class.getName() + ".client");
    private final Attribute<Boolean> overCap = AttributeBuilder.DEFAULT_ATTRIBUTE_BUILDER
            .createAttribute(ConnectionLimitFilter.class.getName() + ".over");

    private ConnectionLimitFilter(int perClient, int total) {
        this.perClient = perClient;
        this.total = total;
    }

    /** The add-on, inserted before Grizzly's HTTP server filter. */
    static AddOn addOn(int perClient, int total) {
        return (listener, builder) -> builder.add(builder.indexOfType(HttpServerFilter.class),
                new ConnectionLimitFilter(perClient, total));
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            connection.closeSilently();
            return ctx.getStopAction();
        }
        InetAddress client = connection.getPeerAddress() instanceof InetSocketAddress address ? address.getAddress() : null;
        if (client != null) {
            counted.set(connection, client);
            if (byClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() > perClient) {
                overCap.set(connection, Boolean.TRUE);
            }
        } else {
            counted.set(connection, InetAddress.getLoopbackAddress());
            byClient.computeIfAbsent(InetAddress.getLoopbackAddress(), c -> new AtomicInteger()).incrementAndGet();
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (Boolean.TRUE.equals(overCap.get(ctx.getConnection())) && ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket) {
            return FilterAnswers.refuse(ctx, content, 503, "Service Unavailable",
                    "too many connections from this client; close some and retry");
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        InetAddress client = counted.remove(ctx.getConnection());
        if (client != null) {
            open.decrementAndGet();
            byClient.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
        return ctx.getInvokeAction();
    }
}
