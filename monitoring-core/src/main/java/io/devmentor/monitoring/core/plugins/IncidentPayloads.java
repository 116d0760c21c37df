package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.spi.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The payloads the built-in notifiers send. */
final class IncidentPayloads {

    private IncidentPayloads() {
    }

    static Map<String, Object> incident(Incident incident) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", incident.id());
        view.put("service", incident.service());
        view.put("description", incident.description());
        view.put("severity", incident.severity().wireName());
        view.put("status", incident.status().wireName());
        view.put("cause", incident.cause());
        view.put("createdAt", incident.createdAt().toString());
        view.put("updatedAt", incident.updatedAt().toString());
        view.put("resolvedAt", incident.resolvedAt().map(Instant::toString).orElse(null));
        view.put("causedBy", incident.causedBy().orElse(null));
        view.put("flapping", incident.flapping());
        return view;
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
