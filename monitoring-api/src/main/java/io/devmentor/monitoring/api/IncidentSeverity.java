package io.devmentor.monitoring.api;

import java.util.Locale;

/** The seed's four incident severity levels. */
public enum IncidentSeverity {
    /** Little or no user impact. */
    LOW,
    /** Some impact, no urgency. */
    MEDIUM,
    /** Serious impact; someone should look now. */
    HIGH,
    /** A critical service is down; page. */
    CRITICAL;

    /**
     * The lower-case name used on the wire.
     *
     * @return {@code low}, {@code medium}, {@code high} or {@code critical}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring case.
     *
     * @param text one of {@code low}, {@code medium}, {@code high}, {@code critical}
     * @return the severity
     * @throws IllegalArgumentException naming the bad value
     */
    public static IncidentSeverity parse(String text) {
        for (IncidentSeverity severity : values()) {
            if (severity.name().equalsIgnoreCase(text)) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "severity must be one of low, medium, high, critical, was '" + text + "'");
    }
}
