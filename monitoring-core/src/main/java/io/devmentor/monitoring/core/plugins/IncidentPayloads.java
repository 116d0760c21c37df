package io.devmentor.monitoring.core.plugins;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.Notification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The payloads the built-in notifiers send. */
final class IncidentPayloads {

    /** Immutable once made, like the mapper inside it. */
    private static final WireFormat WIRE = new WireFormat();

    private IncidentPayloads() {
    }

    /** An incident as the API answers it: the wire format's one form. */
    static ObjectNode incident(Incident incident) {
        return WIRE.incident(incident);
    }

    /** The generic webhook's body. */
    static Map<String, Object> webhook(Notification notification) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", notification.id());
        body.put("transition", notification.transition());
        body.put("text", notification.text());
        body.put("incident", incident(notification.incident()));
        return body;
    }

    /** An alert in Alertmanager's v2 API; resolved incidents end now. */
    static List<Map<String, Object>> alertmanager(Notification notification) {
        Incident incident = notification.incident();
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", "DevMentorIncident");
        labels.put("service", incident.service());
        labels.put("severity", incident.severity().wireName());
        labels.put("incident_id", incident.id());
        labels.put("cause", incident.cause());
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", incident.description());
        annotations.put("description", notification.text());
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", incident.createdAt().toString());
        if (!incident.isActive()) {
            alert.put("endsAt", incident.resolvedAt().orElse(incident.updatedAt()).toString());
        }
        return List.of(alert);
    }
}
