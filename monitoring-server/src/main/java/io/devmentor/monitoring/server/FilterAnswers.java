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

    /**
     * Answers the request and closes its connection.
     *
     * @return the action that stops the request here
     */
    static NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, int status, String reason,
            String message) {
        byte[] body = ("{\"error\":" + quoted(message) + "}").getBytes(StandardCharsets.UTF_8);
        HttpResponsePacket response = request.getResponse();
        response.setStatus(status);
        response.setReasonPhrase(reason);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getHeaders().setValue("Connection").setString("close");
        ctx.write(HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build());
        ctx.getConnection().closeSilently();
        return ctx.getStopAction();
    }

    static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
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
