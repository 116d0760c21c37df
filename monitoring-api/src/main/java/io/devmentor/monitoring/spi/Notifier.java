package io.devmentor.monitoring.spi;

import java.util.concurrent.CompletionStage;

/** Delivers notifications to one channel: Slack, email, a webhook, Alertmanager. */
public interface Notifier extends AutoCloseable {

    /**
     * Delivers one notification, once. The engine retries a failure that is worth retrying.
     *
     * @param notification what to deliver
     * @return completes when delivered; fails otherwise, with a {@link DeliveryException} that says
     *     whether a retry may succeed (any other failure is treated as retryable)
     */
    CompletionStage<Void> send(Notification notification);

    /** Releases the notifier's resources. */
    @Override
    default void close() {
    }
}
