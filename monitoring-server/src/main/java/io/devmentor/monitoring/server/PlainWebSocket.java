package io.devmentor.monitoring.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live stream at {@code /ws}: one JSON text message per event, {@code {"event": name, "data": …}}, both
 * ways. The API token may come as the handshake's {@code token} query parameter. Origins are checked before the
 * handshake reaches here ({@link UpgradeOriginFilter}).
 */
final class PlainWebSocket {

    static final String PATH = "/ws";
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(PlainWebSocket.class);

    private PlainWebSocket() {
    }

    static ServerEndpointConfig endpointConfig(WebSocketHub hub) {
        return ServerEndpointConfig.Builder.create(Socket.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new Socket(hub));
                    }
                }).build();
    }

    /** One endpoint instance per connection; public because Tyrus calls it reflectively. */
    public static final class Socket extends Endpoint {
        private final WebSocketHub hub;
        private @Nullable Client client;

        Socket(WebSocketHub hub) {
            this.hub = hub;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
            List<String> token = session.getRequestParameterMap().get("token");
            Client joined = new Client(session, token == null || token.isEmpty() ? Optional.empty()
                    : Optional.of(token.get(0)));
            client = joined;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (!WebSocketSupport.refuseOversized(session, text.length(), MAX_MESSAGE_BYTES)) {
                    hub.onPlainMessage(joined, text);
                }
            });
            hub.join(joined);
            log.debug("WebSocket client {} connected ({} connected)", session.getId(), hub.clientCount());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (client != null) {
                hub.leave(client);
            }
            log.debug("WebSocket client {} left: {}", session.getId(), reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            log.debug("WebSocket client {} failed: {}", session.getId(), failure.toString());
        }
    }

    private static final class Client extends LiveClient {
        private final SessionSender sender;

        Client(Session session, Optional<String> token) {
            super("ws-" + session.getId(), token);
            this.sender = new SessionSender(session);
        }

        @Override
        void write(Outgoing message) {
            sender.send(message.plainText());
        }

        @Override
        void close() {
            sender.close();
        }
    }
}
