package io.devmentor.monitoring.core;

/** The incident store could not be read or written; the change was not made. */
public final class IncidentStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause the store's failure
     */
    public IncidentStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
