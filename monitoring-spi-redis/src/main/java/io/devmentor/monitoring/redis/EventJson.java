package io.devmentor.monitoring.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import java.time.Instant;
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

    @SuppressWarnings("unchecked")
    MonitoringEvent read(String text) {
        Map<String, Object> v;
        try {
            v = json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: " + e.getOriginalMessage(), e);
        }
        Map<String, Object> m = (Map<String, Object>) v.get("metadata");
        EventMetadata metadata = new EventMetadata(Optional.ofNullable((String) m.get("correlationId")),
                Optional.ofNullable((String) m.get("userId")), Optional.ofNullable((String) m.get("sessionId")),
                (List<String>) m.get("tags"), ((Number) m.get("count")).intValue());
        Map<String, Object> data = new LinkedHashMap<>();
        ((Map<String, Object>) v.get("data")).forEach((key, value) -> {
            if (value != null) {
                data.put(key, value);
            }
        });
        return new MonitoringEvent((String) v.get("id"), (String) v.get("type"), (String) v.get("source"),
                Instant.parse((String) v.get("timestamp")), Severity.valueOf((String) v.get("severity")), data, metadata);
    }
}
