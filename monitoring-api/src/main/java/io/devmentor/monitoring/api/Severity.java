package io.devmentor.monitoring.api;

import java.util.Locale;

/** How serious a {@link MonitoringEvent} is, in the seed's four levels. */
public enum Severity {
    /** Informational: a recovery, a state that needs no action. */
    INFO,
    /** Something to watch: a degraded service, a threshold approached. */
    WARNING,
    /** A failure that needs attention. */
    ERROR,
    /** A failure of something critical. */
    CRITICAL;

    /**
     * The lower-case name used on the wire ({@code info}, {@code warning}, …).
     *
     * @return the wire name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, ignoring case.
     *
     * @param text one of {@code info}, {@code warning}, {@code error}, {@code critical}
     * @return the severity
     * @throws IllegalArgumentException naming the bad value when it is none of those
     */
    public static Severity parse(String text) {
        for (Severity severity : values()) {
            if (severity.name().equalsIgnoreCase(text)) {
                return severity;
            }
        }
        throw new IllegalArgumentException(
                "severity must be one of info, warning, error, critical, was '" + text + "'");
    }
}
