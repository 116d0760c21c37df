package io.devmentor.monitoring.core;

/** A configuration that cannot be used; the message names the setting or field and the problem. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which setting or field, and what is wrong with it
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message which setting or field, and what is wrong with it
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
