package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.EventSubscription;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.json.PredictionForm;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SystemMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The live stream, whatever carries it ({@code /ws} or Socket.IO): on connect a client gets {@code initialState};
 * then {@code servicesUpdate} (at most once a second, when something changed), {@code systemMetrics} (each
 * collection round), {@code incident} (a new incident), {@code prediction} (a new prediction),
 * {@code serviceRestarted}, and every monitoring event under its type name, its group's pattern
 * ({@code incident.*}) and {@code *}. A client that sends {@code subscribe} narrows that to the events its
 * patterns and services match, each under its type name and under every pattern of its own that matched. It may
 * also send {@code requestMetrics} and {@code restartService}.
 */
final class WebSocketHub implements AutoCloseable {

    private final Monitoring monitoring;
    private final ObjectMapper json;
    private final Map<String, LiveClient> clients = new ConcurrentHashMap<>();
    /** What the clients were last sent, read on the ticker's thread only. */
    private List<ServiceState> servicesSent = List.of();
    private Optional<SystemMetrics> metricsSent = Optional.empty();
    private final EventSubscription events;
    private final ApiTokens apiToken;

    @SuppressWarnings("FutureReturnValueIgnored") // the task ends with the ticker at close
    WebSocketHub(Monitoring monitoring, ApiTokens apiToken, ObjectMapper json, ScheduledExecutorService ticker) {
        this.monitoring = monitoring;
        this.json = json;
        this.apiToken = apiToken;
        this.events = monitoring.subscribe(EventFilter.ALL, this::onEvent, 10_000);
        ticker.scheduleWithFixedDelay(this::sendStates, 1, 1, TimeUnit.SECONDS);
    }

    int clientCount() {
        return clients.size();
    }

    /**
     * A client joined: it gets the initial state, then the stream. It is among the clients before the state is
     * read, so that nothing after that state is missed; what comes meanwhile is held for it until the state is out.
     */
    void join(LiveClient client) {
        clients.put(client.id(), client);
        client.start(message("initialState", initialState()));
    }

    /** A client left: what was queued for it is dropped. */
    void leave(LiveClient client) {
        if (clients.remove(client.id(), client)) {
            client.close();
        }
    }

    /**
     * Once a second, the services if a check changed any of them since, and the system metrics of a new collection
     * round: read from the engine, as any host reads them.
     */
    private void sendStates() {
        if (clients.isEmpty()) {
            return;
        }
        List<ServiceState> services = monitoring.services();
        if (!services.equals(servicesSent)) {
            servicesSent = services;
            broadcast(message("servicesUpdate", JsonViews.services(services, monitoring.clock().instant(), monitoring::restartable)));
        }
        Optional<SystemMetrics> metrics = monitoring.systemMetrics();
        if (metrics.isPresent() && !metrics.equals(metricsSent)) {
            metricsSent = metrics;
            broadcast(message("systemMetrics", JsonViews.SystemView.of(metrics.get())));
        }
    }

    private void onEvent(MonitoringEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        if (event.type().equals(EventTypes.SERVICE_RESTARTED)) {
            broadcast(message("serviceRestarted", event.data()));
        }
        if (event.type().equals(EventTypes.PREDICTION_GENERATED)) {
            broadcast(message("prediction", event.data()));
        }
        if (event.type().equals(EventTypes.INCIDENT_CREATED) && event.data().get("id") instanceof String id) {
            monitoring.incidents().find(id)
                    .ifPresent(incident -> broadcast(message("incident", incident)));
        }
        String data = write(event);
        Map<String, Outgoing> byName = new HashMap<>();
        for (LiveClient client : clients.values()) {
            for (String name : deliveryNames(event, client.subscription())) {
                client.send(byName.computeIfAbsent(name, n -> new Outgoing(write(n), data)));
            }
        }
    }

    /**
     * The names an event goes out under to one client, each once: without a subscription its type, its group's
     * pattern and {@code *}; with one, its type and each of the client's patterns that matched it.
     */
    static List<String> deliveryNames(MonitoringEvent event, @Nullable EventFilter subscription) {
        Set<String> names = new LinkedHashSet<>();
        if (subscription == null) {
            names.add(event.type());
            int dot = event.type().indexOf('.');
            if (dot > 0) {
                names.add(event.type().substring(0, dot) + ".*");
            }
            names.add("*");
        } else {
            List<String> matched = subscription.matchingPatterns(event);
            if (!matched.isEmpty()) {
                names.add(event.type());
                names.addAll(matched);
            }
        }
        return List.copyOf(names);
    }

    private void broadcast(Outgoing message) {
        clients.values().forEach(client -> client.send(message));
    }

    /** A message for every client: its data written once, framed once per protocol. */
    Outgoing message(String event, Object data) {
        return new Outgoing(write(event), write(data));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private JsonViews.InitialState initialState() {
        return new JsonViews.InitialState(JsonViews.services(monitoring.services(), monitoring.clock().instant(), monitoring::restartable),
                monitoring.systemMetrics().map(JsonViews.SystemView::of), monitoring.incidents().active(),
                monitoring.predictions().stream().map(PredictionForm::of).toList());
    }

    /** A {@code /ws} text message, {@code {"event": name, "data": …}}. */
    void onPlainMessage(LiveClient client, String text) {
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

    /**
     * A client's event, whichever its protocol.
     *
     * @return the problem, if any; it has been sent to the client as an {@code error} event too
     */
    Optional<String> dispatch(LiveClient client, String event, JsonNode data) {
        switch (event) {
            case "requestMetrics":
                monitoring.systemMetrics().ifPresent(m -> client.send(message("systemMetrics", JsonViews.SystemView.of(m))));
                client.send(message("servicesUpdate",
                        JsonViews.services(monitoring.services(), monitoring.clock().instant(), monitoring::restartable)));
                return Optional.empty();
            case "subscribe":
                return subscribe(client, data);
            case "restartService":
                return restart(client, data);
            default:
                return problem(client, "unknown event '" + event + "' (known: requestMetrics, subscribe, restartService)");
        }
    }

    private Optional<String> problem(LiveClient client, String text) {
        client.send(error(text));
        return Optional.of(text);
    }

    /**
     * {@code restartService} with {@code "name"} or {@code {"service": name, "token": …}}; needs an API token, whose
     * holder, with this connection's id as the session, the restart is attributed to.
     */
    private Optional<String> restart(LiveClient client, JsonNode data) {
        String service = data.isTextual() ? data.asText() : data.path("service").asText(null);
        if (service == null || service.isEmpty()) {
            return problem(client, "restartService needs a service name: \"auth\" or {\"service\": \"auth\"}");
        }
        String token = data.path("token").isTextual() ? data.path("token").asText() : client.token().orElse(null);
        try {
            String holder = apiToken.check(token);
            monitoring.restart(service, Actor.user(holder, Optional.of(client.id())));
            return Optional.empty();
        } catch (HttpProblem | IllegalStateException | java.util.NoSuchElementException e) {
            return problem(client, "restartService " + service + ": " + e.getMessage());
        }
    }

    private Optional<String> subscribe(LiveClient client, JsonNode data) {
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
        clients.values().forEach(LiveClient::close);
        clients.clear();
    }
}
