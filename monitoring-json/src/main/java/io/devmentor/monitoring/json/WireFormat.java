package io.devmentor.monitoring.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON form of incidents (with their timelines), events and predictions, wherever they leave a process: the server's
 * answers and live stream, the notifiers' payloads, the PostgreSQL outbox, the Redis stream. Enumerations are in
 * the seed's lower-case words ({@code "severity":"high"}, {@code "status":"open"}, {@code "severity":"error"}),
 * times in ISO-8601, a missing optional value is {@code null}.
 *
 * <p>What is stored or streamed, and so read by another instance, perhaps of another version during a rolling
 * upgrade, carries {@code "format":}{@value #VERSION}. Reading takes this form, the form before it (no
 * {@code format}, enumerations in upper case) and later ones, whose added fields it passes over. Thread-safe.
 */
public final class WireFormat {

    /** The version of the stored and streamed forms; 0 is the form written before they had one. */
    public static final int VERSION = 1;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper();

    /** A wire format with a mapper of its own. */
    public WireFormat() {
    }

    /**
     * An incident's form, as the API answers it.
     *
     * @param incident the incident
     * @return its JSON object
     */
    public ObjectNode incident(Incident incident) {
        ObjectNode view = json.createObjectNode();
        view.put("id", incident.id());
        view.put("service", incident.service());
        view.put("description", incident.description());
        view.put("severity", incident.severity().wireName());
        view.put("status", incident.status().wireName());
        view.put("cause", incident.cause());
        view.put("createdAt", incident.createdAt().toString());
        view.put("updatedAt", incident.updatedAt().toString());
        view.put("resolvedAt", incident.resolvedAt().map(Instant::toString).orElse(null));
        view.put("correlationId", incident.correlationId().orElse(null));
        view.put("causedBy", incident.causedBy().orElse(null));
        view.put("flapping", incident.flapping());
        view.put("maintenance", incident.maintenance());
        ArrayNode timeline = view.putArray("timeline");
        for (TimelineEntry entry : incident.timeline()) {
            ObjectNode e = timeline.addObject();
            e.put("at", entry.at().toString());
            e.put("actor", entry.actor());
            e.put("kind", entry.kind());
            e.put("message", entry.message());
            e.set("data", json.valueToTree(entry.data()));
        }
        return view;
    }

    /**
     * An event's form, as the live stream sends it.
     *
     * @param event the event
     * @return its JSON object
     */
    public ObjectNode event(MonitoringEvent event) {
        ObjectNode view = json.createObjectNode();
        view.put("id", event.id());
        view.put("type", event.type());
        view.put("source", event.source());
        view.put("timestamp", event.timestamp().toString());
        view.put("severity", event.severity().wireName());
        view.set("data", json.valueToTree(event.data()));
        ObjectNode metadata = view.putObject("metadata");
        event.metadata().correlationId().ifPresent(id -> metadata.put("correlationId", id));
        event.metadata().userId().ifPresent(id -> metadata.put("userId", id));
        event.metadata().sessionId().ifPresent(id -> metadata.put("sessionId", id));
        metadata.set("tags", json.valueToTree(event.metadata().tags()));
        metadata.put("count", event.metadata().count());
        return view;
    }

    /**
     * A prediction's form, as the API answers it and prediction events carry it: the seed's fields, then its
     * confidence (to two decimals), evidence and horizon.
     *
     * @param prediction the prediction
     * @return its JSON object
     */
    public ObjectNode prediction(Prediction prediction) {
        ObjectNode view = json.createObjectNode();
        view.put("service", prediction.service());
        view.put("type", prediction.type());
        view.put("severity", prediction.severity().wireName());
        view.put("message", prediction.message());
        view.put("suggestion", prediction.suggestion());
        view.put("confidence", Math.round(prediction.confidence() * 100.0) / 100.0);
        view.set("evidence", json.valueToTree(prediction.evidence()));
        prediction.horizon().ifPresent(h -> view.put("horizonSeconds", h.toSeconds()));
        view.put("generatedAt", prediction.generatedAt().toString());
        return view;
    }

    /**
     * A form as an event's data: the same fields, as the API's maps hold them (no null values).
     *
     * @param form a form of this wire format
     * @return its fields
     */
    public Map<String, Object> data(ObjectNode form) {
        return data((JsonNode) form);
    }

    /**
     * A data map (a timeline entry's, an event's) as JSON text, for a store that keeps it apart.
     *
     * @param data the map
     * @return the JSON text
     */
    public String dataText(Map<String, Object> data) {
        return text(json.valueToTree(data));
    }

    /**
     * Reads a data map written by {@link #dataText}; null values, which the API's maps cannot hold, are left out.
     *
     * @param text the JSON text of an object
     * @return the map
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public Map<String, Object> readData(String text) {
        return data(tree(text, "a data map"));
    }

    /**
     * An incident's stored form: its form with the format's version.
     *
     * @param incident the incident
     * @return the JSON text
     */
    public String storedIncident(Incident incident) {
        return text(versioned(incident(incident)));
    }

    /**
     * An event's streamed form: its form with the format's version.
     *
     * @param event the event
     * @return the JSON text
     */
    public String streamedEvent(MonitoringEvent event) {
        return text(versioned(event(event)));
    }

    /**
     * A check's result as instances share it: its status in lower case, its latency in nanoseconds, and its
     * details, or none when they cannot be written as JSON. With the format's version.
     *
     * @param result the result
     * @return the JSON text
     */
    public String sharedResult(CheckResult result) {
        ObjectNode view = json.createObjectNode();
        view.put("format", VERSION);
        view.put("status", result.status().name().toLowerCase(Locale.ROOT));
        view.put("checkedAt", result.checkedAt().toString());
        view.put("latencyNanos", result.latency().toNanos());
        view.put("message", result.message());
        try {
            view.set("details", json.valueToTree(result.details()));
        } catch (IllegalArgumentException unwritable) {
            view.putObject("details");
        }
        return text(view);
    }

    /**
     * Reads a check's result shared by this version or another (the one before wrote the status in upper case).
     *
     * @param text the shared form
     * @return the result
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public CheckResult readResult(String text) {
        JsonNode v = tree(text, "a check's result");
        return new CheckResult(HealthStatus.valueOf(v.required("status").asText().toUpperCase(Locale.ROOT)),
                Instant.parse(v.required("checkedAt").asText()), Duration.ofNanos(v.required("latencyNanos").asLong()),
                v.required("message").asText(), data(v.path("details")));
    }

    /**
     * Reads an incident stored by this version or another.
     *
     * @param text the stored form
     * @return the incident
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public Incident readIncident(String text) {
        JsonNode v = tree(text, "an incident");
        List<TimelineEntry> timeline = new ArrayList<>();
        for (JsonNode e : v.required("timeline")) {
            timeline.add(new TimelineEntry(Instant.parse(e.required("at").asText()), e.required("actor").asText(),
                    e.required("kind").asText(), e.required("message").asText(), data(e.required("data"))));
        }
        return new Incident(v.required("id").asText(), v.required("service").asText(),
                v.required("description").asText(), IncidentSeverity.parse(v.required("severity").asText()),
                IncidentStatus.parse(v.required("status").asText()), v.required("cause").asText(),
                Instant.parse(v.required("createdAt").asText()), Instant.parse(v.required("updatedAt").asText()),
                optional(v, "resolvedAt").map(Instant::parse), optional(v, "correlationId"),
                optional(v, "causedBy"), v.required("flapping").asBoolean(), v.required("maintenance").asBoolean(),
                timeline);
    }

    /**
     * Reads an event streamed by this version or another.
     *
     * @param text the streamed form
     * @return the event
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public MonitoringEvent readEvent(String text) {
        JsonNode v = tree(text, "an event");
        JsonNode m = v.required("metadata");
        List<String> tags = new ArrayList<>();
        m.required("tags").forEach(tag -> tags.add(tag.asText()));
        EventMetadata metadata = new EventMetadata(optional(m, "correlationId"), optional(m, "userId"),
                optional(m, "sessionId"), tags, m.required("count").asInt());
        return new MonitoringEvent(v.required("id").asText(), v.required("type").asText(),
                v.required("source").asText(), Instant.parse(v.required("timestamp").asText()),
                Severity.parse(v.required("severity").asText()), data(v.required("data")), metadata);
    }

    /**
     * The version of a stored or streamed form: 0 for the form before versions.
     *
     * @param text the form
     * @return its version
     */
    public int version(String text) {
        return tree(text, "a stored form").path("format").asInt(0);
    }

    private ObjectNode versioned(ObjectNode form) {
        ObjectNode versioned = json.createObjectNode();
        versioned.put("format", VERSION);
        versioned.setAll(form);
        return versioned;
    }

    private JsonNode tree(String text, String what) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not " + what + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A data map; null values, which the API's maps cannot hold, are left out. */
    private Map<String, Object> data(JsonNode node) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (node.isObject()) {
            json.convertValue(node, MAP).forEach((key, value) -> {
                if (value != null) {
                    data.put(key, value);
                }
            });
        }
        return data;
    }

    private static Optional<String> optional(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
