package io.devmentor.monitoring.core.pipeline;

import io.devmentor.monitoring.api.Incident;
import java.util.Objects;

/**
 * One change of one incident, published once, after it is stored: the whole incident as it now stands.
 *
 * @param type the event that announces it: {@code incident.created}, {@code incident.updated} or
 *     {@code incident.resolved}
 * @param incident the incident after the change
 * @param remote true when another instance made the change, and this one read it back from the shared store
 */
public record IncidentChanged(String type, Incident incident, boolean remote) {

    public IncidentChanged {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(incident, "incident");
    }
}
