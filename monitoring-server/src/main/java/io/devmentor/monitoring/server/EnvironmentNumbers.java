package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.ConfigurationException;
import java.util.Map;

/** The server's own whole-number settings from the environment, each with its default and a message naming it. */
final class EnvironmentNumbers {

    private EnvironmentNumbers() {
    }

    static long positive(Map<String, String> env, String key, long fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return requirePositive(key, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }

    static int whole(Map<String, String> env, String key, int fallback) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }

    static long requirePositive(String key, long value) {
        if (value <= 0) {
            throw new ConfigurationException(key + " must be above 0, was " + value);
        }
        return value;
    }
}
