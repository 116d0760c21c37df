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
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(WebSocketHub.class);

    private final Monitoring monitoring;
    private final ObjectMapper json;
    private final ExecutorService sender;
    private final Map<String, ClientConnection> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean servicesChanged = new AtomicBoolean();
    private final EventSubscription events;
    private final ApiToken apiToken;

    WebSocketHub(Monitoring monitoring, ObjectMapper json, ExecutorService sender, ScheduledExecutorService ticker) {
        this.monitoring = monitoring;
        this.json = json;
        this.sender = sender;
        this.apiToken = new ApiToken(monitoring.configuration().apiToken());
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
        String allowed = monitoring.configuration().frontendUrl().replaceAll("/+$", "");
        return ServerEndpointConfig.Builder.create(Socket.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new Socket());
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

                })
                .build();
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
        String text = null;
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

    private void broadcast(String text) {
        clients.values().forEach(client -> client.send(text));
    }

    private String message(String event, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("data", data);
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event, e);
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
        JsonNode data = message.path("data");
        switch (message.get("event").asText()) {
            case "requestMetrics":
                monitoring.systemMetrics().ifPresent(m -> client.send(message("systemMetrics", JsonViews.system(m))));
                client.send(message("servicesUpdate",
                        JsonViews.services(monitoring.services(), monitoring.clock().instant())));
                break;
            case "subscribe":
                subscribe(client, data);
                break;
            case "restartService":
                restart(client, data);
                break;
            default:
                client.send(error("unknown event '" + message.get("event").asText()
                        + "' (known: requestMetrics, subscribe, restartService)"));
        }
    }

    /** {@code restartService} with {@code "name"} or {@code {"service": name, "token": …}}; needs the API token. */
    private void restart(ClientConnection client, JsonNode data) {
        String service = data.isTextual() ? data.asText() : data.path("service").asText(null);
        if (service == null || service.isEmpty()) {
            client.send(error("restartService needs a service name: \"auth\" or {\"service\": \"auth\"}"));
            return;
        }
        String token = data.path("token").isTextual() ? data.path("token").asText() : client.token();
        try {
            apiToken.check(token);
            monitoring.restart(service, "websocket");
        } catch (HttpProblem | IllegalStateException | java.util.NoSuchElementException e) {
            client.send(error("restartService " + service + ": " + e.getMessage()));
        }
    }

    private void subscribe(ClientConnection client, JsonNode data) {
        if (!data.isObject()) {
            client.send(error("subscribe needs data {\"events\": [patterns], \"services\": [names]}"));
            return;
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
        } catch (IllegalArgumentException e) {
            client.send(error("subscribe: " + e.getMessage()));
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

    private String error(String text) {
        return message("error", Map.of("message", text));
    }

    @Override
    public void close() {
        events.close();
        monitoring.removeListener(this);
        clients.values().forEach(ClientConnection::close);
        clients.clear();
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
            client = new ClientConnection(session, sender, handshakeToken(session));
            clients.put(session.getId(), client);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onMessage(client, text));
            client.send(message("initialState", initialState()));
            log.debug("WebSocket client {} connected ({} connected)", session.getId(), clients.size());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            ClientConnection gone = clients.remove(session.getId());
            if (gone != null) {
                gone.close();
            }
            log.debug("WebSocket client {} left: {}", session.getId(), reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            log.debug("WebSocket client {} failed: {}", session.getId(), failure.toString());
        }
    }
}
