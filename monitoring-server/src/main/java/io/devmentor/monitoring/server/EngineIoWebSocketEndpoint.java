package io.devmentor.monitoring.server;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine.IO's WebSocket transport on Tyrus: each connection becomes an {@link EngineIoWebSocket} handed to
 * {@link EngineIoServer#handleWebSocket}, a new session or the upgrade of a polling one. What Engine.IO writes goes
 * through the connection's {@link SessionSender}, so a client that does not read never blocks the writer.
 */
final class EngineIoWebSocketEndpoint {

    private static final String HEADERS = "engine.io.headers";
    private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(EngineIoWebSocketEndpoint.class);

    private EngineIoWebSocketEndpoint() {
    }

    static ServerEndpointConfig config(String path, EngineIoServer engine, int maxPayloadBytes,
            ScheduledExecutorService scheduler) {
        return ServerEndpointConfig.Builder.create(Socket.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new Socket(engine, maxPayloadBytes, scheduler));
                    }

                    @Override
                    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                            HandshakeResponse response) {
                        // Tyrus keeps these user properties per connection.
                        config.getUserProperties().put(HEADERS, Map.copyOf(request.getHeaders()));
                    }
                }).build();
    }

    /** One endpoint instance per connection; public because Tyrus calls it reflectively. */
    public static final class Socket extends Endpoint {
        private final EngineIoServer engine;
        private final int maxPayloadBytes;
        private final ScheduledExecutorService scheduler;
        private @Nullable Connection connection;

        Socket(EngineIoServer engine, int maxPayloadBytes, ScheduledExecutorService scheduler) {
            this.engine = engine;
            this.maxPayloadBytes = maxPayloadBytes;
            this.scheduler = scheduler;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(maxPayloadBytes);
            session.setMaxBinaryMessageBufferSize(maxPayloadBytes);
            Map<String, String> query = new HashMap<>();
            session.getRequestParameterMap().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    query.put(name, values.get(0));
                }
            });
            Object headers = config.getUserProperties().get(HEADERS);
            Connection opened = new Connection(session, scheduler, query,
                    headers instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of());
            connection = opened;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (!WebSocketSupport.refuseOversized(session, text.length(), maxPayloadBytes)) {
                    opened.emit("message", text);
                }
            });
            session.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) bytes -> {
                if (!WebSocketSupport.refuseOversized(session, bytes.length, maxPayloadBytes)) {
                    opened.emit("message", (Object) bytes);
                }
            });
            engine.handleWebSocket(opened);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (connection != null) {
                connection.sender.close();
                connection.emit("close");
            }
        }

        @Override
        public void onError(Session session, Throwable failure) {
            log.debug("Engine.IO WebSocket {} failed: {}", session.getId(), failure.toString());
            if (connection != null) {
                connection.emit("error", "write error", String.valueOf(failure.getMessage()));
            }
        }
    }

    private static final class Connection extends EngineIoWebSocket {
        private final Session session;
        private final ScheduledExecutorService scheduler;
        private final SessionSender sender;
        private final Map<String, String> query;
        private final Map<String, List<String>> headers;

        Connection(Session session, ScheduledExecutorService scheduler, Map<String, String> query,
                Map<String, List<String>> headers) {
            this.session = session;
            this.scheduler = scheduler;
            this.sender = new SessionSender(session);
            this.query = Map.copyOf(query);
            this.headers = headers;
        }

        @Override
        public Map<String, String> getQuery() {
            return query;
        }

        @Override
        public Map<String, List<String>> getConnectionHeaders() {
            return headers;
        }

        @Override
        public void write(String message) {
            sender.send(message);
        }

        @Override
        public void write(byte[] message) {
            sender.send(message);
        }

        @Override
        public void close() {
            // What Engine.IO wrote last (a close or an error packet) goes out before the close frame.
            sender.finish(this::closeSession, CLOSE_PATIENCE, scheduler);
        }

        private void closeSession() {
            try {
                session.close();
            } catch (IOException e) {
                log.debug("Engine.IO WebSocket {} not closed cleanly: {}", session.getId(), e.toString());
            }
        }
    }
}
