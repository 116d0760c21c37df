package io.devmentor.monitoring.server;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * Refuses a WebSocket handshake from a foreign page (403, before Tyrus sees it) by the {@link OriginPolicy}: Tyrus's
 * own origin hook is given the {@code Origin} alone, and the rule needs the {@code Host} too.
 */
final class UpgradeOriginFilter extends BaseFilter {

    private final OriginPolicy origins;

    private UpgradeOriginFilter(OriginPolicy origins) {
        this.origins = origins;
    }

    /** The add-on, to register on the listener before Tyrus's, so that this filter runs first. */
    static AddOn addOn(OriginPolicy origins) {
        return (listener, builder) -> builder.add(builder.indexOfType(HttpServerFilter.class),
                new UpgradeOriginFilter(origins));
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request
                && "websocket".equalsIgnoreCase(request.getUpgrade())
                && !origins.allows(request.getHeader("Origin"), request.getHeader("Host"),
                        request.getHeader("X-Forwarded-Proto"))) {
            return FilterAnswers.refuse(ctx, content, 403, "Forbidden", "this page's origin may not open the live stream");
        }
        return ctx.getInvokeAction();
    }
}
