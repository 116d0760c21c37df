package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
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
    /** Immutable and thread-safe, as ObjectWriters are. */
    private static final ObjectWriter PROBLEM = new ObjectMapper().writerFor(JsonViews.Problem.class);

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
            byte[] body = problem(message, request.getRequestURI());
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

    /**
     * An error as every answer of the server has it, {@code {"error", "path"}}, for the filters in front of the
     * handlers, which write bytes.
     */
    static byte[] problem(String message, String path) {
        try {
            return PROBLEM.writeValueAsBytes(new JsonViews.Problem(message, path));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem cannot be written", e);
        }
    }
}
