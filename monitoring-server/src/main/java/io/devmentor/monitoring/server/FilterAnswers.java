package io.devmentor.monitoring.server;

import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.memory.Buffers;

/** A JSON answer written by a filter in front of the HTTP handlers, after which the connection is closed. */
final class FilterAnswers {

    private FilterAnswers() {
    }

    private static final String REFUSED = FilterAnswers.class.getName() + ".refused";

    /**
     * Answers the request and closes its connection once the rest of its body is in: closing while the client
     * still sends would reset the connection, and the client would never read the answer. The later parts of
     * the body come to the same filter, which calls this again: they are dropped. A client that never ends its
     * body is closed at the request timeout.
     *
     * @param content the request's head, or a later part of its body
     * @return the action that stops the request here
     */
    static NextAction refuse(FilterChainContext ctx, HttpContent content, int status, String reason,
            String message) {
        HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
        if (request.getAttribute(REFUSED) == null) {
            request.setAttribute(REFUSED, true);
            byte[] body = ("{\"error\":" + quoted(message) + "}").getBytes(StandardCharsets.UTF_8);
            HttpResponsePacket response = request.getResponse();
            response.setStatus(status);
            response.setReasonPhrase(reason);
            response.setContentType("application/json; charset=utf-8");
            response.setContentLength(body.length);
            response.getHeaders().setValue("Connection").setString("close");
            ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true)
                    .build());
        }
        if (content.isLast()) {
            ctx.getConnection().closeSilently();
        }
        return ctx.getStopAction();
    }

    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
