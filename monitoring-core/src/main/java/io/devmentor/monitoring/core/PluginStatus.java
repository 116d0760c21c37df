package io.devmentor.monitoring.core;

import java.util.Locale;
import java.util.Objects;

/**
 * What became of one provider found at start-up.
 *
 * @param extensionPoint the provider interface's simple name, such as {@code HealthCheckerProvider}
 * @param name the provider's name
 * @param state whether it runs
 * @param reason why it does not, or which provider it is
 */
public record PluginStatus(String extensionPoint, String name, State state, String reason) {

    /** Validates the components. */
    public PluginStatus {
        Objects.requireNonNull(extensionPoint, "extensionPoint");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether a provider runs. */
    public enum State {
        /** Created and in use. */
        ACTIVE,
        /** Said it cannot run with this configuration. */
        UNAVAILABLE,
        /** Threw while being loaded or created. */
        FAILED,
        /** Another provider of the same name and a higher priority won. */
        SHADOWED;

        /**
         * The lower-case name used on the wire.
         *
         * @return {@code active}, {@code unavailable}, {@code failed} or {@code shadowed}
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
