package io.devmentor.monitoring.core;

/** The event store could not be read. */
public final class EventStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause the store's failure
     */
    public EventStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
