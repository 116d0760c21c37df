package io.devmentor.monitoring.spi;

import java.util.Objects;

/**
 * Whether a provider can run with the configuration it was given, and if not, why.
 *
 * @param available true when the provider can create its plugin
 * @param reason why it cannot, in words an operator can act on; empty when available
 */
public record Availability(boolean available, String reason) {

    /** The provider can run. */
    public static final Availability AVAILABLE = new Availability(true, "");

    /** Validates the components: an unavailable provider must say why. */
    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable provider must give a reason");
        }
    }

    /**
     * The provider cannot run.
     *
     * @param reason why, and what to do about it, for example {@code "set REDIS_URL"}
     * @return the availability
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
