package io.devmentor.monitoring.spi;

/**
 * A notification that could not be delivered. The engine retries one that is {@link #retryable()}
 * (a timeout, a 5xx, a 429) with backoff until its deadline, and never retries the others (a 4xx: the
 * message or the configuration is wrong).
 */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, without secrets (no webhook URL, no password)
     * @param retryable whether trying again later may succeed
     */
    public DeliveryException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /**
     * Whether trying again later may succeed.
     *
     * @return true for timeouts, 5xx and 429 answers
     */
    public boolean retryable() {
        return retryable;
    }
}
