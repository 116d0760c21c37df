package io.devmentor.monitoring.core;

/** The shared store (dashboards, maintenance windows, SLA counts) could not be read or written. */
public final class SharedStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause the store's failure
     */
    public SharedStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
