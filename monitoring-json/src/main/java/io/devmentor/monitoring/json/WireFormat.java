package io.devmentor.monitoring.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.SharedServiceState;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
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

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A record is its components: a helper such as Incident.isActive() is not a field.
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Later versions may add fields; this one passes over them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // The form before this one wrote enumerations in upper case.
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new WireNames())
            .addMixIn(EventMetadata.class, AbsentLeftOut.class)
            .build();

    /** A wire format with a mapper of its own. */
    public WireFormat() {
    }

    /**
     * A mapper that writes the API's value types in this format, for a process's other JSON (its answers, its
     * request bodies); a copy, so that what its user configures stays its own.
     *
     * @return a new mapper
     */
    public ObjectMapper mapper() {
        return json.copy();
    }

    /**
     * An incident's form, as the API answers it.
     *
     * @param incident the incident
     * @return its JSON object
     */
    public ObjectNode incident(Incident incident) {
        return json.valueToTree(incident);
    }

    /**
     * An event's form, as the live stream sends it.
     *
     * @param event the event
     * @return its JSON object
     */
    public ObjectNode event(MonitoringEvent event) {
        return json.valueToTree(event);
    }

    /**
     * A prediction's form, as the API answers it and prediction events carry it: the seed's fields, then its
     * confidence (to two decimals), evidence and horizon.
     *
     * @param prediction the prediction
     * @return its JSON object
     */
    public ObjectNode prediction(Prediction prediction) {
        return json.valueToTree(PredictionForm.of(prediction));
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
     * A service's state as instances share it: its last result (status in lower case, latency in nanoseconds,
     * details, or none when they cannot be written as JSON) and, under {@code state}, its health, since when, its
     * failures in a row, the outage's correlation id and the thresholds it is over. With the format's version.
     *
     * @param state the state
     * @return the JSON text
     */
    public String sharedState(SharedServiceState state) {
        CheckResult result = state.lastResult();
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
        ObjectNode health = view.putObject("state");
        health.put("status", state.status().name().toLowerCase(Locale.ROOT));
        health.put("since", state.since().toString());
        health.put("consecutiveFailures", state.consecutiveFailures());
        state.correlationId().ifPresent(id -> health.put("correlationId", id));
        ObjectNode breaches = health.putObject("breaches");
        state.breaches().forEach((metric, since) -> breaches.put(metric, since.toString()));
        return text(view);
    }

    /**
     * Reads a service's state shared by this version or another: one that shared only the result (with its status
     * in upper case, before that) gives the state the result implies.
     *
     * @param text the shared form
     * @return the state
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public SharedServiceState readSharedState(String text) {
        JsonNode v = tree(text, "a service's shared state");
        CheckResult result = new CheckResult(HealthStatus.valueOf(v.required("status").asText().toUpperCase(Locale.ROOT)),
                Instant.parse(v.required("checkedAt").asText()), Duration.ofNanos(v.required("latencyNanos").asLong()),
                v.required("message").asText(), data(v.path("details")));
        JsonNode health = v.path("state");
        if (!health.isObject()) {
            return SharedServiceState.of(result);
        }
        Map<String, Instant> breaches = new LinkedHashMap<>();
        health.path("breaches").properties().forEach(b -> breaches.put(b.getKey(), Instant.parse(b.getValue().asText())));
        JsonNode correlation = health.path("correlationId");
        return new SharedServiceState(result,
                HealthStatus.valueOf(health.required("status").asText().toUpperCase(Locale.ROOT)),
                Instant.parse(health.required("since").asText()), health.path("consecutiveFailures").asInt(0),
                correlation.isTextual() ? Optional.of(correlation.asText()) : Optional.empty(), breaches);
    }

    /**
     * Reads an incident stored by this version or another.
     *
     * @param text the stored form
     * @return the incident
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public Incident readIncident(String text) {
        JsonNode form = tree(text, "an incident");
        form.path("timeline").forEach(entry -> withoutNulls(entry.path("data")));
        return read(form, Incident.class, "an incident");
    }

    /**
     * Reads an event streamed by this version or another.
     *
     * @param text the streamed form
     * @return the event
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public MonitoringEvent readEvent(String text) {
        JsonNode form = tree(text, "an event");
        withoutNulls(form.path("data"));
        return read(form, MonitoringEvent.class, "an event");
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

    /**
     * A value of a record type read from its form; every component must be there (an optional one may be null).
     */
    private <T> T read(JsonNode form, Class<T> type, String what) {
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = form.path(component.getName());
            if (component.getType() != Optional.class && (value.isMissingNode() || value.isNull())) {
                throw new IllegalArgumentException("not " + what + ": it has no " + component.getName());
            }
        }
        try {
            return json.treeToValue(form, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not " + what + ": " + e.getMessage(), e);
        }
    }

    /** Leaves the null values out of an object: the API's maps cannot hold them. */
    private static void withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
        }
    }

    /**
     * Every enumeration with a public {@code wireName()} (the API's, the engine's) is written in it: the seed's
     * lower-case words. They are read back by their names in any case.
     */
    private static final class WireNames extends SimpleModule {
        private static final long serialVersionUID = 1L;

        WireNames() {
            super("wire-names");
            setSerializerModifier(new BeanSerializerModifier() {
                private static final long serialVersionUID = 1L;

                @Override
                public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type,
                        BeanDescription description, JsonSerializer<?> serializer) {
                    try {
                        Method wireName = type.getRawClass().getMethod("wireName");
                        return wireName.getReturnType() == String.class ? new WireNameSerializer(wireName)
                                : serializer;
                    } catch (NoSuchMethodException e) {
                        return serializer;
                    }
                }
            });
        }
    }

    /** Writes an enumeration's constant by its {@code wireName()}. */
    private static final class WireNameSerializer extends StdSerializer<Object> {
        private static final long serialVersionUID = 1L;
        private final transient Method wireName;

        WireNameSerializer(Method wireName) {
            super(Object.class);
            this.wireName = wireName;
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            try {
                generator.writeString((String) wireName.invoke(value));
            } catch (ReflectiveOperationException e) {
                throw JsonMappingException.from(generator, value.getClass().getName() + ".wireName() failed", e);
            }
        }
    }

    /** Optional values that are absent are left out, as the forms before this mapper did. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    private abstract static class AbsentLeftOut {
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
}
