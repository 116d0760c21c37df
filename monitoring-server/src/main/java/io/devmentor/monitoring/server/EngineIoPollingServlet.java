package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Engine.IO's HTTP long-polling transport: the Origin rule and CORS of the live stream, a limit on what a client
 * may post, then {@link EngineIoServer#handleRequest}. A poll waits asynchronously, holding no worker thread.
 */
final class EngineIoPollingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient EngineIoServer engine;
    private final transient OriginPolicy origins;
    private final int maxPayloadBytes;

    EngineIoPollingServlet(EngineIoServer engine, OriginPolicy origins, int maxPayloadBytes) {
        this.engine = engine;
        this.origins = origins;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        if (!origins.allows(origin, request.getHeader("Host"), request.getHeader("X-Forwarded-Proto"))) {
            error(response, 403, 4, "Forbidden: origin " + origin + " may not open the live stream");
            return;
        }
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Vary", "Origin");
        }
        switch (request.getMethod()) {
            case "OPTIONS" -> {
                response.setHeader("Access-Control-Allow-Methods", "GET, POST");
                response.setHeader("Access-Control-Allow-Headers", "content-type");
                response.setStatus(204);
            }
            case "GET" -> engine.handleRequest(request, response);
            case "POST" -> {
                long length = request.getContentLengthLong();
                if (length < 0) {
                    error(response, 411, 3, "Bad request: a Content-Length is required");
                } else if (length > maxPayloadBytes) {
                    error(response, 413, 3, "Payload too large: at most " + maxPayloadBytes + " bytes (SOCKET_IO_MAX_PAYLOAD)");
                } else {
                    engine.handleRequest(request, response);
                }
            }
            default -> {
                response.setHeader("Allow", "GET, POST, OPTIONS");
                error(response, 405, 3, "Bad request: method " + request.getMethod() + " is not allowed");
            }
        }
    }

    /** Engine.IO's error form. */
    private record EngineIoError(int code, String message) {
    }

    /** Immutable and thread-safe, as ObjectWriters are. */
    private static final ObjectWriter ERROR = new ObjectMapper().writerFor(EngineIoError.class);

    private static void error(HttpServletResponse response, int status, int code, String message) throws IOException {
        byte[] body = ERROR.writeValueAsBytes(new EngineIoError(code, message));
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
