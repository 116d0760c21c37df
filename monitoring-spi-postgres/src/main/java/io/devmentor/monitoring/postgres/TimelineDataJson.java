package io.devmentor.monitoring.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** A timeline entry's data as JSONB; whole incidents take the wire format's stored form (the outbox). */
final class TimelineDataJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper json = new ObjectMapper();

    String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    Map<String, Object> map(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> withoutNulls(Map<String, Object> data) {
        Map<String, Object> clean = new LinkedHashMap<>();
        data.forEach((k, value) -> {
            if (value != null) {
                clean.put(k, value);
            }
        });
        return clean;
    }
}
