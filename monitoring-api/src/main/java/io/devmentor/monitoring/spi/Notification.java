package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.Incident;
import java.util.Objects;

/**
 * A message about an incident's change of state, to be delivered by a {@link Notifier}.
 *
 * @param id unique id, the same on every retry, so that a receiver can drop duplicates
 * @param incident the incident as it is now
 * @param transition what happened: {@code opened}, {@code escalated}, {@code acknowledged}, {@code resolved}
 * @param text a human-readable summary
 */
public record Notification(String id, Incident incident, String transition, String text) {
    /** Validates the components. */
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(text, "text");
    }
}
