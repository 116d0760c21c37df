package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.EventSubscription;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringListener;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SystemMetrics;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side: one JSON message per event, {@code {"event": name, "data": …}}. On connect a client
 * gets {@code initialState}; then {@code servicesUpdate} (at most once a second, when something changed)
 * and {@code systemMetrics} (each collection round). It may send {@code requestMetrics} and
 * {@code subscribe} (event patterns and services), after which it also gets each matching monitoring
 * event under its type name.
 */
final class WebSocketHub implements MonitoringListener, AutoCloseable {

    static final String PATH = "/ws";
    static final String SOCKET_IO_PATH = "/socket.io/";
    /** Engine.IO's heartbeat: a ping every 25 s, as Socket.IO servers send by default. */
    static final long PING_INTERVAL_MILLIS = 25_000;
    private static final long PING_TIMEOUT_MILLIS = 20_000;
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(WebSocketHub.class);

    private final Monitoring monitoring;
    private final ObjectMapper json;
    private final Map<String, ClientConnection> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean servicesChanged = new AtomicBoolean();
    private final EventSubscription events;
    private final ApiToken apiToken;
    private final ScheduledExecutorService ticker;

    WebSocketHub(Monitoring monitoring, ObjectMapper json, ScheduledExecutorService ticker) {
        this.monitoring = monitoring;
        this.json = json;
        this.apiToken = new ApiToken(monitoring.configuration().apiToken());
        this.ticker = ticker;
        this.events = monitoring.subscribe(EventFilter.ALL, this::onEvent, 10_000);
        monitoring.addListener(this);
        ticker.scheduleWithFixedDelay(this::flushServices, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * The endpoint's configuration. Browsers send an {@code Origin}: a handshake is refused (403) unless it
     * comes from {@code FRONTEND_URL} or from a page this server served itself (its own port); clients that
     * are not browsers send none and are let in.
     */
    ServerEndpointConfig endpointConfig(int serverPort) {
        return ServerEndpointConfig.Builder.create(Socket.class, PATH)
                .configurator(configurator(serverPort, Socket.class, Socket::new)).build();
    }

    /** The Socket.IO endpoint's configuration: the same Origin rule, Engine.IO v4 only. */
    ServerEndpointConfig socketIoConfig(int serverPort) {
        return ServerEndpointConfig.Builder.create(SocketIo.class, SOCKET_IO_PATH)
                .configurator(configurator(serverPort, SocketIo.class, SocketIo::new)).build();
    }

    private <E> ServerEndpointConfig.Configurator configurator(int serverPort, Class<E> type,
            java.util.function.Supplier<E> create) {
        String allowed = monitoring.configuration().frontendUrl().replaceAll("/+$", "");
        return new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(create.get());
            }

            @Override
            public boolean checkOrigin(String origin) {
                if (origin == null || origin.isEmpty() || origin.replaceAll("/+$", "").equals(allowed)) {
                    return true;
                }
                try {
                    int port = java.net.URI.create(origin).getPort();
                    return port == serverPort;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        };
    }

    int clientCount() {
        return clients.size();
    }

    @Override
    public void serviceChecked(ServiceState state) {
        servicesChanged.set(true);
    }

    @Override
    public void systemMetricsCollected(SystemMetrics metrics) {
        if (!clients.isEmpty()) {
            broadcast(message("systemMetrics", JsonViews.system(metrics)));
        }
    }

    private void flushServices() {
        if (servicesChanged.getAndSet(false) && !clients.isEmpty()) {
            broadcast(message("servicesUpdate", JsonViews.services(monitoring.services(), monitoring.clock().instant())));
        }
    }

    private void onEvent(MonitoringEvent event) {
        if (event.type().equals(EventTypes.SERVICE_RESTARTED) && !clients.isEmpty()) {
            broadcast(message("serviceRestarted", event.data()));
        }
        if (event.type().equals(EventTypes.PREDICTION_GENERATED) && !clients.isEmpty()) {
            broadcast(message("prediction", event.data()));
        }
        if (event.type().startsWith("incident.") && !clients.isEmpty()) {
            Object id = event.data().get("id");
            if (id instanceof String) {
                monitoring.incidents().find((String) id)
                        .ifPresent(incident -> broadcast(message("incident", JsonViews.incident(incident))));
            }
        }
        Outgoing text = null;
        for (ClientConnection client : clients.values()) {
            EventFilter filter = client.subscription();
            if (filter != null && filter.matches(event)) {
                if (text == null) {
                    text = message(event.type(), JsonViews.event(event));
                }
                client.send(text);
            }
        }
    }

    private void broadcast(Outgoing message) {
        clients.values().forEach(client -> client.send(message));
    }

    /** A message for every client: its data written once, framed per client (JSON envelope or Socket.IO). */
    private Outgoing message(String event, Object data) {
        try {
            return new Outgoing(json.writeValueAsString(event), json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event, e);
        }
    }

    /** An event name and its data, as JSON texts. */
    record Outgoing(String eventJson, String dataJson) {

        /** {@code {"event": …, "data": …}} on {@code /ws}; a Socket.IO EVENT packet, {@code 42[…,…]}, on {@code /socket.io/}. */
        String text(ClientConnection.Framing framing) {
            return framing == ClientConnection.Framing.SOCKET_IO ? "42[" + eventJson + "," + dataJson + "]"
                    : "{\"event\":" + eventJson + ",\"data\":" + dataJson + "}";
        }
    }

    private Map<String, Object> initialState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("services", JsonViews.services(monitoring.services(), monitoring.clock().instant()));
        state.put("system", monitoring.systemMetrics().map(JsonViews::system).orElse(null));
        state.put("incidents", monitoring.incidents().active().stream().map(JsonViews::incident)
                .collect(java.util.stream.Collectors.toList()));
        state.put("predictions", monitoring.predictions().stream().map(JsonViews::prediction)
                .collect(java.util.stream.Collectors.toList()));
        return state;
    }

    private void onMessage(ClientConnection client, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            client.send(error("message is not JSON: send {\"event\": name, \"data\": …}"));
            return;
        }
        if (message == null || !message.isObject() || !message.path("event").isTextual()) {
            client.send(error("message needs a text field 'event'"));
            return;
        }
        dispatch(client, message.get("event").asText(), message.path("data"));
    }

    /** A client's event, whichever its framing; the problem, if any, has been sent to it as an error event. */
    private Optional<String> dispatch(ClientConnection client, String event, JsonNode data) {
        switch (event) {
            case "requestMetrics":
                monitoring.systemMetrics().ifPresent(m -> client.send(message("systemMetrics", JsonViews.system(m))));
                client.send(message("servicesUpdate",
                        JsonViews.services(monitoring.services(), monitoring.clock().instant())));
                return Optional.empty();
            case "subscribe":
                return subscribe(client, data);
            case "restartService":
                return restart(client, data);
            default:
                return problem(client, "unknown event '" + event + "' (known: requestMetrics, subscribe, restartService)");
        }
    }

    private Optional<String> problem(ClientConnection client, String text) {
        client.send(error(text));
        return Optional.of(text);
    }

    /** {@code restartService} with {@code "name"} or {@code {"service": name, "token": …}}; needs the API token. */
    private Optional<String> restart(ClientConnection client, JsonNode data) {
        String service = data.isTextual() ? data.asText() : data.path("service").asText(null);
        if (service == null || service.isEmpty()) {
            return problem(client, "restartService needs a service name: \"auth\" or {\"service\": \"auth\"}");
        }
        String token = data.path("token").isTextual() ? data.path("token").asText() : client.token();
        try {
            apiToken.check(token);
            monitoring.restart(service, "websocket");
            return Optional.empty();
        } catch (HttpProblem | IllegalStateException | java.util.NoSuchElementException e) {
            return problem(client, "restartService " + service + ": " + e.getMessage());
        }
    }

    private Optional<String> subscribe(ClientConnection client, JsonNode data) {
        if (!data.isObject()) {
            return problem(client, "subscribe needs data {\"events\": [patterns], \"services\": [names]}");
        }
        try {
            List<String> patterns = texts(data.path("events"), "events");
            Set<String> services = new LinkedHashSet<>(texts(data.path("services"), "services"));
            EventFilter filter = new EventFilter(patterns.isEmpty() ? List.of("*") : patterns, services);
            client.subscribe(filter);
            Map<String, Object> ack = new LinkedHashMap<>();
            ack.put("events", filter.patterns());
            ack.put("services", services);
            client.send(message("subscribed", ack));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return problem(client, "subscribe: " + e.getMessage());
        }
    }

    private static List<String> texts(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (node.isTextual()) {
            values.add(node.asText());
            return values;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(field + " must be a list of text");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(field + " must be a list of text, has " + item);
            }
            values.add(item.asText());
        }
        return values;
    }

    private Outgoing error(String text) {
        return message("error", Map.of("message", text));
    }

    @Override
    public void close() {
        events.close();
        monitoring.removeListener(this);
        clients.values().forEach(ClientConnection::close);
        clients.clear();
    }

    /** Drops a client that left, and what it had queued. */
    private void forget(Session session, String protocol, CloseReason reason) {
        ClientConnection gone = clients.remove(session.getId());
        if (gone != null) {
            gone.close();
        }
        log.debug("{} client {} left: {}", protocol, session.getId(), reason);
    }

    /** The token of the handshake's {@code token} query parameter, if any (a message may carry its own). */
    private static String handshakeToken(Session session) {
        List<String> query = session.getRequestParameterMap().get("token");
        return query == null || query.isEmpty() ? null : query.get(0);
    }

    /** One endpoint instance per connection; public because Tyrus calls it reflectively. */
    public final class Socket extends Endpoint {
        private ClientConnection client;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
            client = new ClientConnection(session, handshakeToken(session), ClientConnection.Framing.JSON);
            clients.put(session.getId(), client);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onMessage(client, text));
            client.send(message("initialState", initialState()));
            log.debug("WebSocket client {} connected ({} connected)", session.getId(), clients.size());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            forget(session, "WebSocket", reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            log.debug("WebSocket client {} failed: {}", session.getId(), failure.toString());
        }
    }

    /**
     * A Socket.IO v4 client over Engine.IO v4's WebSocket transport ({@code /socket.io/?EIO=4&transport=websocket}),
     * in the default namespace: the same events as {@code /ws}, as {@code 42["event", data]} packets; events from
     * the client may ask for an acknowledgement ({@code 42<id>[…]} → {@code 43<id>[{"ok": …}]}). The API token
     * comes in the CONNECT packet's auth ({@code {"token": …}}), the query, or the event's data. No long-polling.
     */
    public final class SocketIo extends Endpoint {
        private ClientConnection client;
        private Session session;
        private java.util.concurrent.ScheduledFuture<?> heartbeat;
        private volatile long lastPong = System.nanoTime();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
            List<String> eio = session.getRequestParameterMap().get("EIO");
            if (eio == null || !eio.contains("4")) {
                close(session, "Engine.IO version 4 only (EIO=4): a socket.io-client of version 3 or 4");
                return;
            }
            Map<String, Object> open = new LinkedHashMap<>();
            open.put("sid", session.getId());
            open.put("upgrades", List.of());
            open.put("pingInterval", PING_INTERVAL_MILLIS);
            open.put("pingTimeout", PING_TIMEOUT_MILLIS);
            open.put("maxPayload", MAX_MESSAGE_BYTES);
            try {
                session.getAsyncRemote().sendText("0" + json.writeValueAsString(open));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onPacket);
            heartbeat = ticker.scheduleWithFixedDelay(this::ping, PING_INTERVAL_MILLIS, PING_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }

        private void ping() {
            if (System.nanoTime() - lastPong > TimeUnit.MILLISECONDS.toNanos(PING_INTERVAL_MILLIS + PING_TIMEOUT_MILLIS)) {
                close(session, "no pong within the ping timeout");
                return;
            }
            if (client != null) {
                client.send("2");
            } else {
                session.getAsyncRemote().sendText("2");
            }
        }

        private void onPacket(String packet) {
            if (packet.isEmpty()) {
                return;
            }
            switch (packet.charAt(0)) {
                case '3' -> lastPong = System.nanoTime();
                case '1' -> close(session, "closed by the client");
                case '4' -> onSocketIo(packet.substring(1));
                default -> {
                    // ping from the client (not in v4), upgrade and noop: nothing to do
                }
            }
        }

        private void onSocketIo(String packet) {
            if (packet.isEmpty()) {
                return;
            }
            char type = packet.charAt(0);
            String rest = packet.substring(1);
            if (rest.startsWith("/")) {
                int comma = rest.indexOf(',');
                String namespace = comma < 0 ? rest : rest.substring(0, comma);
                if (!namespace.equals("/")) {
                    session.getAsyncRemote().sendText("44" + namespace + ",{\"message\":\"Invalid namespace\"}");
                    return;
                }
                rest = comma < 0 ? "" : rest.substring(comma + 1);
            }
            switch (type) {
                case '0' -> connect(rest);
                case '1' -> close(session, "disconnected by the client");
                case '2' -> event(rest);
                default -> {
                    if (client != null) {
                        client.send(error("Socket.IO packets of type " + type + " are not supported (binary events"
                                + " and acknowledgements from the server's side)"));
                    }
                }
            }
        }

        private void connect(String auth) {
            if (client != null) {
                return;
            }
            String token = handshakeToken(session);
            if (!auth.isEmpty()) {
                try {
                    JsonNode payload = json.readTree(auth);
                    if (payload.path("token").isTextual()) {
                        token = payload.get("token").asText();
                    }
                } catch (IOException e) {
                    session.getAsyncRemote().sendText("44{\"message\":\"the CONNECT payload is not JSON\"}");
                    return;
                }
            }
            client = new ClientConnection(session, token, ClientConnection.Framing.SOCKET_IO);
            clients.put(session.getId(), client);
            client.send("40{\"sid\":\"" + session.getId() + "\"}");
            client.send(message("initialState", initialState()));
            log.debug("Socket.IO client {} connected ({} connected)", session.getId(), clients.size());
        }

        private void event(String rest) {
            if (client == null) {
                session.getAsyncRemote().sendText("44{\"message\":\"connect to the namespace first\"}");
                return;
            }
            int digits = 0;
            while (digits < rest.length() && Character.isDigit(rest.charAt(digits))) {
                digits++;
            }
            String ack = rest.substring(0, digits);
            JsonNode array;
            try {
                array = json.readTree(rest.substring(digits));
            } catch (IOException e) {
                client.send(error("an event must be a JSON array [name, data]"));
                return;
            }
            if (array == null || !array.isArray() || array.isEmpty() || !array.get(0).isTextual()) {
                client.send(error("an event must be a JSON array [name, data]"));
                return;
            }
            Optional<String> problem = dispatch(client, array.get(0).asText(),
                    array.size() > 1 ? array.get(1) : com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            if (!ack.isEmpty()) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("ok", problem.isEmpty());
                problem.ifPresent(p -> answer.put("error", p));
                try {
                    client.send("43" + ack + "[" + json.writeValueAsString(answer) + "]");
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private void close(Session session, String why) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, why));
            } catch (IOException e) {
                log.debug("Socket.IO client {} not closed cleanly: {}", session.getId(), e.toString());
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            forget(session, "Socket.IO", reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            log.debug("Socket.IO client {} failed: {}", session.getId(), failure.toString());
        }
    }
}
