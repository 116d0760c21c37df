package io.devmentor.monitoring.api;

import java.util.Locale;

/** Where an incident is in its lifecycle: open, then acknowledged, then resolved. */
public enum IncidentStatus {
    /** Detected, nobody has taken it yet. */
    OPEN,
    /** Somebody is on it; escalation stops. */
    ACKNOWLEDGED,
    /** Over. */
    RESOLVED;

    /**
     * The lower-case name used on the wire.
     *
     * @return {@code open}, {@code acknowledged} or {@code resolved}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring case.
     *
     * @param text one of {@code open}, {@code acknowledged}, {@code resolved}
     * @return the status
     * @throws IllegalArgumentException naming the bad value
     */
    public static IncidentStatus parse(String text) {
        for (IncidentStatus status : values()) {
            if (status.name().equalsIgnoreCase(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be one of open, acknowledged, resolved, was '" + text + "'");
    }
}
