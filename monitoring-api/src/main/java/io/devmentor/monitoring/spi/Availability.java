package io.devmentor.monitoring.spi;

import java.util.Objects;

/**
 * Whether a provider can run with the configuration it was given, and if not, why.
 *
 * @param available true when the provider can create its plugin
 * @param reason why it cannot, in words an operator can act on; empty when available
 * @param requested false when nothing in the configuration asks for the plugin (its settings are all absent): the
 *     engine then notes it quietly, where a plugin asked for that cannot run is a warning at start
 */
public record Availability(boolean available, String reason, boolean requested) {

    /** The provider can run. */
    public static final Availability AVAILABLE = new Availability(true, "");

    /**
     * An availability of a plugin the configuration asks for.
     *
     * @param available true when the provider can create its plugin
     * @param reason why it cannot; empty when available
     */
    public Availability(boolean available, String reason) {
        this(available, reason, true);
    }

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

    /**
     * Nothing asks for the plugin: its settings are absent, as they are for every optional plugin nobody uses.
     *
     * @param reason what would turn it on, for example {@code "set REDIS_URL"}
     * @return the availability
     */
    public static Availability notRequested(String reason) {
        return new Availability(false, reason, false);
    }
}
