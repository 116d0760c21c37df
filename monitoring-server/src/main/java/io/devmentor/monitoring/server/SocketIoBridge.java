package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoServerOptions;
import io.socket.socketio.server.SocketIoSocket;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.servlet.ServletRegistration;
import org.glassfish.grizzly.servlet.WebappContext;
import org.json.JSONArray;
import org.json.JSONObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO v4 at {@code /socket.io/}, on the Socket.IO project's own Java server: {@code engine.io-server} for
 * Engine.IO (HTTP long-polling through Grizzly's servlet layer, WebSocket through Tyrus, the upgrade between
 * them, the heartbeat) and {@code socket.io-server} for Socket.IO (namespaces, acknowledgements, binary
 * packets). This class only bridges them to the server: the polling servlet, the WebSocket endpoint, and each
 * client of the default namespace to the {@link WebSocketHub}.
 */
final class SocketIoBridge implements AutoCloseable {

    static final String PATH = "/socket.io/";
    private static final Logger log = LoggerFactory.getLogger(SocketIoBridge.class);

    private final SocketIoSettings settings;
    private final OriginPolicy origins;
    private final WebSocketHub hub;
    private final ObjectMapper json;
    private final EngineIoServer engine;
    private final ScheduledExecutorService scheduler;
    /** The open Engine.IO sessions: counted against the limit, and closed first when the server stops. */
    private final Set<EngineIoSocket> open = ConcurrentHashMap.newKeySet();
    private @Nullable WebappContext polling;

    SocketIoBridge(SocketIoSettings settings, OriginPolicy origins, WebSocketHub hub, ObjectMapper json,
            ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.origins = origins;
        this.hub = hub;
        this.json = json;
        this.scheduler = scheduler;
        EngineIoServerOptions options = EngineIoServerOptions.newFromDefault()
                .setPingInterval(settings.pingInterval().toMillis())
                .setPingTimeout(settings.pingTimeout().toMillis())
                // CORS is answered by the polling servlet, by the same rule as the Origin check.
                .setCorsHandlingDisabled(true);
        options.setScheduledExecutorService(scheduler);
        // Engine.IO v4 only (socket.io-client 3 and 4), as many sessions as allowed.
        options.setHandshakeInterceptor((query, headers) -> "4".equals(query.get("EIO"))
                && open.size() < settings.maxSessions());
        engine = new EngineIoServer(options);
        engine.on("connection", args -> {
            EngineIoSocket socket = (EngineIoSocket) args[0];
            open.add(socket);
            socket.once("close", closed -> open.remove(socket));
        });
        SocketIoServer io = new SocketIoServer(engine, SocketIoServerOptions.newFromDefault()
                .setConnectionTimeout(settings.connectTimeout().toMillis()));
        io.namespace("/").on("connection", args -> connected((SocketIoSocket) args[0]));
    }

    /** Serves the polling transport on the server's HTTP listener. */
    void deployPolling(HttpServer http) {
        WebappContext context = new WebappContext("socket.io", "");
        ServletRegistration servlet = context.addServlet("engine.io",
                new EngineIoPollingServlet(engine, origins, settings.maxPayloadBytes()));
        servlet.addMapping(PATH + "*");
        servlet.setAsyncSupported(true);
        context.deploy(http);
        polling = context;
    }

    /** The WebSocket transport's endpoint, for the server's Tyrus container. */
    ServerEndpointConfig webSocketEndpoint() {
        return EngineIoWebSocketEndpoint.config(PATH, engine, settings.maxPayloadBytes(), scheduler);
    }

    private void connected(SocketIoSocket socket) {
        Optional<String> token = Optional.empty();
        if (socket.getConnectData() instanceof JSONObject auth && auth.opt("token") instanceof String given) {
            token = Optional.of(given);
        } else if (socket.getInitialQuery() != null && socket.getInitialQuery().get("token") != null) {
            token = Optional.of(socket.getInitialQuery().get("token"));
        }
        Client client = new Client(socket, token);
        socket.on("disconnect", args -> hub.leave(client));
        socket.registerAllEventListener((event, args) -> onEvent(client, event, args));
        hub.join(client);
        log.debug("Socket.IO client {} connected over {} ({} connected)", socket.getId(),
                socket.getClient().getConnection().getInitialQuery().get("transport"), hub.clientCount());
    }

    /** A client's event: dispatched like a {@code /ws} message, and acknowledged when the client asked. */
    private void onEvent(Client client, String event, Object[] args) {
        SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack = null;
        int count = args.length;
        if (count > 0 && args[count - 1] instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback callback) {
            ack = callback;
            count--;
        }
        JsonNode data = count == 0 ? MissingNode.getInstance() : tree(args[0]);
        Optional<String> problem = hub.dispatch(client, event, data);
        if (ack != null) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", problem.isEmpty());
            problem.ifPresent(p -> answer.put("error", p));
            ack.sendAcknowledgement(new JSONObject(answer));
        }
    }

    /** One of socket.io-server's arguments (org.json values, or bytes for a binary attachment) as a Jackson tree. */
    private JsonNode tree(Object arg) {
        if (arg instanceof byte[] bytes) {
            return json.getNodeFactory().binaryNode(bytes);
        }
        if (arg instanceof JSONObject || arg instanceof JSONArray) {
            try {
                return json.readTree(arg.toString());
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
        return arg == null || arg == JSONObject.NULL ? json.getNodeFactory().nullNode() : json.valueToTree(arg);
    }

    @Override
    public void close() {
        // Each session is told it is closed (a long-polling client's pending request gets Engine.IO's close
        // packet), so that clients reconnect at once, to this server's successor, instead of waiting out their
        // ping timeout on a connection nobody answers.
        open.forEach(EngineIoSocket::close);
        if (polling != null) {
            polling.undeploy();
        }
        engine.shutdown();
    }

    /**
     * A client of the default namespace. Its messages are written once for every client as Socket.IO packets
     * ({@link Outgoing#socketIoText()}) and handed to Engine.IO as they are. Engine.IO keeps what a polling client
     * has not fetched yet: at most {@value SessionSender#MAX_QUEUED} messages, the newest dropped beyond that
     * (a WebSocket client's own bound is its {@link SessionSender}).
     */
    private static final class Client extends LiveClient {
        private final EngineIoSocket connection;
        private final AtomicInteger unsent = new AtomicInteger();

        Client(SocketIoSocket socket, Optional<String> token) {
            super("socket.io-" + socket.getId(), token);
            this.connection = socket.getClient().getConnection();
            connection.on("drain", args -> unsent.set(0));
        }

        @Override
        void write(Outgoing message) {
            if (unsent.incrementAndGet() > SessionSender.MAX_QUEUED) {
                unsent.decrementAndGet();
                return;
            }
            connection.send(new Packet<>(Packet.MESSAGE, message.socketIoText()));
        }

        @Override
        void close() {
            // Engine.IO drops what it holds for a closed socket.
        }
    }
}
