package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An event-driven rule: when an event matches, take actions. In the services file:
 *
 * <pre>
 * rules:
 *   - name: restart-on-oom
 *     on: [container.oom]
 *     when: {services: [auth], severities: [error, critical], data: {reason: OOMKilled}}
 *     actions:
 *       notify: [slack]
 *       webhook: https://example.test/hooks/oom
 *       restart: true
 *       incident: {severity: high, description: "auth ran out of memory"}
 * </pre>
 *
 * @param name the rule's name, for logs and timelines
 * @param filter the event types (patterns) and services it listens to
 * @param severities only events of these severities; empty for all
 * @param data only events whose data has these values (compared as text, in any case)
 * @param notifyChannels channels to notify
 * @param webhook a URL to POST the event to
 * @param restart whether to restart the event's service through its controller
 * @param incident open an incident of this severity for the event's service
 * @param description the incident's description; the event's type and source when empty
 */
public record EventRule(String name, EventFilter filter, Set<Severity> severities, Map<String, String> data,
        List<String> notifyChannels, Optional<URI> webhook, boolean restart, Optional<IncidentSeverity> incident,
        Optional<String> description) {

    /** Validates and copies the components. */
    public EventRule {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("name must be 1–64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        Objects.requireNonNull(filter, "filter");
        severities = Set.copyOf(severities);
        data = Map.copyOf(data);
        notifyChannels = List.copyOf(notifyChannels);
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(description, "description");
        if (notifyChannels.isEmpty() && webhook.isEmpty() && !restart && incident.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one action: notify, webhook, restart or incident");
        }
    }

    /** Whether the rule applies to the event. */
    public boolean matches(MonitoringEvent event) {
        if (!filter.matches(event) || (!severities.isEmpty() && !severities.contains(event.severity()))) {
            return false;
        }
        for (Map.Entry<String, String> wanted : data.entrySet()) {
            Object actual = event.data().get(wanted.getKey());
            // In any case: a rule written for DOWN still matches the wire's down.
            if (actual == null || !String.valueOf(actual).equalsIgnoreCase(wanted.getValue())) {
                return false;
            }
        }
        return true;
    }
}
