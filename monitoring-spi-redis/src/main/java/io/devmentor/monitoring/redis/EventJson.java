package io.devmentor.monitoring.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Events as JSON on the stream, in the seed's schema. */
final class EventJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper json = new ObjectMapper();

    String write(MonitoringEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("type", event.type());
        view.put("source", event.source());
        view.put("timestamp", event.timestamp().toString());
        view.put("severity", event.severity().name());
        view.put("data", event.data());
        Map<String, Object> metadata = new LinkedHashMap<>();
        event.metadata().correlationId().ifPresent(v -> metadata.put("correlationId", v));
        event.metadata().userId().ifPresent(v -> metadata.put("userId", v));
        event.metadata().sessionId().ifPresent(v -> metadata.put("sessionId", v));
        metadata.put("tags", event.metadata().tags());
        metadata.put("count", event.metadata().count());
        view.put("metadata", metadata);
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.type() + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** An event written by {@link #write}; a missing field fails with its name (JsonNode.required). */
    MonitoringEvent read(String text) {
        JsonNode v;
        try {
            v = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: " + e.getOriginalMessage(), e);
        }
        JsonNode m = v.required("metadata");
        List<String> tags = new ArrayList<>();
        m.required("tags").forEach(tag -> tags.add(tag.asText()));
        EventMetadata metadata = new EventMetadata(optional(m, "correlationId"), optional(m, "userId"),
                optional(m, "sessionId"), tags, m.required("count").asInt());
        Map<String, Object> data = new LinkedHashMap<>();
        json.convertValue(v.required("data"), MAP).forEach((key, value) -> {
            if (value != null) {
                data.put(key, value);
            }
        });
        return new MonitoringEvent(v.required("id").asText(), v.required("type").asText(),
                v.required("source").asText(), Instant.parse(v.required("timestamp").asText()),
                Severity.valueOf(v.required("severity").asText()), data, metadata);
    }

    private static Optional<String> optional(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
