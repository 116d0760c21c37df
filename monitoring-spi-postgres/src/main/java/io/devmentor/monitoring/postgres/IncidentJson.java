package io.devmentor.monitoring.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Incidents as JSON, for the outbox file and the timeline's JSONB data. */
final class IncidentJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper json = new ObjectMapper();

    String write(Incident incident) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", incident.id());
        view.put("service", incident.service());
        view.put("description", incident.description());
        view.put("severity", incident.severity().name());
        view.put("status", incident.status().name());
        view.put("cause", incident.cause());
        view.put("createdAt", incident.createdAt().toString());
        view.put("updatedAt", incident.updatedAt().toString());
        view.put("resolvedAt", incident.resolvedAt().map(Instant::toString).orElse(null));
        view.put("correlationId", incident.correlationId().orElse(null));
        view.put("causedBy", incident.causedBy().orElse(null));
        view.put("flapping", incident.flapping());
        view.put("maintenance", incident.maintenance());
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (TimelineEntry entry : incident.timeline()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", entry.at().toString());
            e.put("actor", entry.actor());
            e.put("kind", entry.kind());
            e.put("message", entry.message());
            e.put("data", entry.data());
            timeline.add(e);
        }
        view.put("timeline", timeline);
        return text(view);
    }

    /** An incident written by {@link #write}; a missing field fails with its name (JsonNode.required). */
    Incident read(String text) {
        JsonNode v;
        try {
            v = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
        List<TimelineEntry> timeline = new ArrayList<>();
        for (JsonNode e : v.required("timeline")) {
            timeline.add(new TimelineEntry(Instant.parse(e.required("at").asText()), e.required("actor").asText(),
                    e.required("kind").asText(), e.required("message").asText(),
                    withoutNulls(json.convertValue(e.required("data"), MAP))));
        }
        return new Incident(v.required("id").asText(), v.required("service").asText(),
                v.required("description").asText(), IncidentSeverity.valueOf(v.required("severity").asText()),
                IncidentStatus.valueOf(v.required("status").asText()), v.required("cause").asText(),
                Instant.parse(v.required("createdAt").asText()), Instant.parse(v.required("updatedAt").asText()),
                optional(v, "resolvedAt").map(Instant::parse), optional(v, "correlationId"),
                optional(v, "causedBy"), v.required("flapping").asBoolean(), v.required("maintenance").asBoolean(),
                timeline);
    }

    private static Optional<String> optional(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

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
