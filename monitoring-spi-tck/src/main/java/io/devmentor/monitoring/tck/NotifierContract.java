package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.spi.DeliveryException;
import io.devmentor.monitoring.spi.Notification;
import io.devmentor.monitoring.spi.Notifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link Notifier}: a notification is delivered once and names its service; a
 * receiver that fails for a while makes the send fail so that a retry may succeed; one that refuses the message
 * makes it fail with a {@link DeliveryException} that is not retryable, so the engine stops trying.
 *
 * <p>Extend it and say how to make a notifier that delivers to a receiver the test runs, what that receiver has
 * taken, and how to make it refuse.
 */
public abstract class NotifierContract {

    private Notifier notifier;

    /** For a plugin's test to extend. */
    protected NotifierContract() {
    }

    /**
     * Makes the notifier under test, delivering to the test's receiver.
     *
     * @return the notifier
     * @throws Exception when it cannot be made
     */
    protected abstract Notifier createNotifier() throws Exception;

    /**
     * What the receiver has taken so far, one text per delivery (a request body, a mail).
     *
     * @return the deliveries
     */
    protected abstract List<String> deliveries();

    /**
     * Makes the receiver refuse what comes next.
     *
     * @param forAWhile true for a failure that a retry may get past (a 503, a full mailbox); false for a refusal of
     *     the message itself (a 400, an unknown address)
     */
    protected abstract void refuse(boolean forAWhile);

    @BeforeEach
    void openNotifier() throws Exception {
        notifier = createNotifier();
    }

    @AfterEach
    void closeNotifier() throws Exception {
        notifier.close();
    }

    private static Notification notification(String service) {
        Instant now = Instant.now();
        Incident incident = new Incident(UUID.randomUUID().toString(), service, service + " is down",
                IncidentSeverity.HIGH, IncidentStatus.OPEN, "down", now, now, Optional.empty(), Optional.of("c-1"),
                Optional.empty(), false, false,
                List.of(new TimelineEntry(now, "engine", "opened", service + " is down", Map.of())));
        return new Notification(incident.id() + ":opened", incident, "opened", service + " is down");
    }

    private void send(Notification notification) throws Exception {
        notifier.send(notification).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aNotificationIsDeliveredOnceAndNamesItsService() throws Exception {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        send(notification(service));
        List<String> taken = deliveries();
        assertEquals(1, taken.size(), "deliveries: " + taken);
        assertTrue(taken.get(0).contains(service), "the delivery names " + service + ": " + taken.get(0));
    }

    @Test
    void aReceiverThatFailsForAWhileMakesARetryableFailure() {
        refuse(true);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> send(notification("auth")));
        if (failure.getCause() instanceof DeliveryException delivery) {
            assertTrue(delivery.retryable(), "retryable: " + delivery.getMessage());
        }
    }

    @Test
    void aReceiverThatRefusesTheMessageMakesAFinalFailure() {
        refuse(false);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> send(notification("auth")));
        DeliveryException delivery = assertInstanceOf(DeliveryException.class, failure.getCause());
        assertFalse(delivery.retryable(), "not retryable: " + delivery.getMessage());
    }
}
