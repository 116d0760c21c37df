package io.devmentor.monitoring.api;

import java.util.Locale;

/** The health of a service as its checks see it. */
public enum HealthStatus {
    /** Answers as expected. */
    UP,
    /** Answers, but outside its expectations: too slow, or a soft failure. */
    DEGRADED,
    /** Does not answer, or answers with a failure, after all retries. */
    DOWN,
    /** Not checked yet. */
    UNKNOWN;

    /**
     * The lower-case name used on the wire.
     *
     * @return {@code up}, {@code degraded}, {@code down} or {@code unknown}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
