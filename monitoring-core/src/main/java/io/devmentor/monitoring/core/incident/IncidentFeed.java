package io.devmentor.monitoring.core.incident;

import io.devmentor.monitoring.core.pipeline.IncidentChanged;
import io.devmentor.monitoring.core.support.Mailbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each {@link IncidentChanged} to the stages after incidents (notifications, analysis), each through its
 * own queue and in order, never on the thread that made the change: the incident stage publishes under its
 * lock, and no subscriber runs under it.
 */
public final class IncidentFeed {

    private static final Logger log = LoggerFactory.getLogger(IncidentFeed.class);
    /** Changes a subscriber may fall behind by; far beyond any burst of incidents, and still a bound. */
    static final int CAPACITY = 100_000;

    private final Executor executor;
    private final Counter dropped;
    private final Counter errors;
    private final List<Mailbox<IncidentChanged>> mailboxes = new CopyOnWriteArrayList<>();

    public IncidentFeed(Executor executor, MeterRegistry registry) {
        this.executor = executor;
        this.dropped = Counter.builder("monitoring.incident.changes.dropped")
                .description("Incident changes a stage fell too far behind to be given").register(registry);
        this.errors = Counter.builder("monitoring.incident.changes.errors")
                .description("Incident changes a stage failed on").register(registry);
    }

    public void subscribe(String stage, Consumer<IncidentChanged> subscriber) {
        mailboxes.add(new Mailbox<>(subscriber, CAPACITY, executor, new Mailbox.Trouble<>() {
            @Override
            public void dropped(IncidentChanged change) {
                dropped.increment();
                log.error("{} fell behind by {} incident changes; the change of {} is dropped", stage, CAPACITY,
                        change.incident().id());
            }

            @Override
            public void failed(IncidentChanged change, RuntimeException e) {
                errors.increment();
                log.error("{} failed on the change of incident {}", stage, change.incident().id(), e);
            }
        }));
    }

    public void publish(IncidentChanged change) {
        mailboxes.forEach(mailbox -> mailbox.offer(change));
    }

    public void close() {
        mailboxes.forEach(Mailbox::close);
    }
}
