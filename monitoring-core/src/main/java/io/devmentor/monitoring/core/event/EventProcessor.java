package io.devmentor.monitoring.core.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.EventSubscription;
import io.devmentor.monitoring.core.support.Mailbox;
import io.devmentor.monitoring.spi.EventTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every event from the transport, hands each to the recorder of the history, folds bursts of identical
 * events and delivers to subscribers, each through its own bounded queue.
 *
 * <p>Aggregation: the first event of a burst is delivered at once; identical events (same type, source,
 * severity, correlation id and data) within the window are held back, and when the window closes one event
 * stands for them with {@code metadata.count} set to their number.
 */
public final class EventProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);
    private static final int MAX_BURST_KEYS = 10_000;

    private final EventTransport transport;
    private final Executor dispatch;
    private final Cache<BurstKey, Burst> bursts;
    private final Consumer<MonitoringEvent> recorder;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private static final int MAX_COUNTED_TYPES = 1000;

    private final MeterRegistry registry;
    private final Map<String, Counter> publishedByType = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter aggregated;
    private final Counter listenerErrors;
    private final AtomicLong droppedTotal = new AtomicLong();
    private volatile boolean closed;

    public EventProcessor(EventTransport transport, MeterRegistry registry, ScheduledExecutorService scheduler,
            LongSupplier ticker, Executor dispatch, Duration aggregationWindow, Consumer<MonitoringEvent> recorder) {
        this.transport = transport;
        this.dispatch = dispatch;
        this.recorder = recorder;
        this.registry = registry;
        this.dropped = Counter.builder("monitoring.events.dropped")
                .description("Events dropped because a subscriber's queue was full")
                .register(registry);
        this.aggregated = Counter.builder("monitoring.events.aggregated")
                .description("Identical events held back and folded into one")
                .register(registry);
        this.listenerErrors = Counter.builder("monitoring.events.listener.errors")
                .description("Exceptions thrown by event subscribers")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("monitoring.events.subscribers", subscribers, Set::size)
                .description("Event subscribers").register(registry);
        this.bursts = Caffeine.newBuilder()
                .maximumSize(MAX_BURST_KEYS)
                .expireAfter(Expiry.<BurstKey, Burst>creating((key, burst) -> aggregationWindow))
                .scheduler(Scheduler.forScheduledExecutorService(scheduler))
                .ticker(ticker::getAsLong)
                .executor(dispatch)
                .removalListener(this::burstEnded)
                .build();
        transport.receive(this::receive);
    }

    /**
     * Publishes through the transport; if the transport fails, the event is still delivered here. After close,
     * events are dropped: nothing is left to deliver them.
     */
    public void publish(MonitoringEvent event) {
        if (closed) {
            log.debug("{} from {} dropped: the engine is closed", event.type(), event.source());
            return;
        }
        try {
            transport.publish(event);
        } catch (RuntimeException e) {
            log.warn("event transport failed, delivering {} locally: {}", event.type(), e.toString());
            receive(event);
        }
    }

    private void receive(MonitoringEvent event) {
        if (closed) {
            return;
        }
        // Every event is recorded, each of a burst too: the history is the full record, the live stream is folded.
        recorder.accept(event);
        AtomicBoolean first = new AtomicBoolean();
        bursts.asMap().compute(BurstKey.of(event), (key, burst) -> {
            if (burst == null) {
                first.set(true);
                return new Burst();
            }
            burst.hold(event);
            return burst;
        });
        if (first.get()) {
            deliver(event);
        } else {
            aggregated.increment();
        }
    }

    private void burstEnded(@Nullable BurstKey key, @Nullable Burst burst, RemovalCause cause) {
        if (burst == null || cause == RemovalCause.EXPLICIT) {
            return;
        }
        burst.summary().ifPresent(this::deliver);
    }

    /**
     * The counter of one event type, made on its first use. Types come from plugins too, so at most
     * {@value #MAX_COUNTED_TYPES} get their own; the rest are counted as {@code other}.
     */
    private Counter published(String type) {
        Counter counter = publishedByType.get(type);
        if (counter != null) {
            return counter;
        }
        String tag = publishedByType.size() < MAX_COUNTED_TYPES ? type : "other";
        return publishedByType.computeIfAbsent(tag, t -> Counter.builder("monitoring.events.published")
                .description("Events delivered, by type").tag("type", t).register(registry));
    }

    private void deliver(MonitoringEvent event) {
        published(event.type()).increment();
        for (Subscriber subscriber : subscribers) {
            if (subscriber.filter.matches(event)) {
                subscriber.offer(event);
            }
        }
    }

    public EventSubscription subscribe(EventFilter filter, Consumer<MonitoringEvent> listener, int capacity) {
        Subscriber subscriber = new Subscriber(filter, listener, capacity);
        subscribers.add(subscriber);
        return subscriber;
    }

    public long droppedTotal() {
        return droppedTotal.get();
    }

    @Override
    public void close() {
        closed = true;
        subscribers.forEach(Subscriber::close);
        bursts.invalidateAll();
        transport.close();
    }

    /** What makes two events identical for aggregation: all but their id and time. */
    private record BurstKey(String type, String source, String severity, String correlationId,
            java.util.Map<String, Object> data) {
        static BurstKey of(MonitoringEvent event) {
            return new BurstKey(event.type(), event.source(), event.severity().name(),
                    event.metadata().correlationId().orElse(""), event.data());
        }
    }

    /** The events held back during one window. */
    private static final class Burst {
        private @Nullable MonitoringEvent latest;
        private int held;

        synchronized void hold(MonitoringEvent event) {
            latest = event;
            held++;
        }

        synchronized Optional<MonitoringEvent> summary() {
            MonitoringEvent last = latest;
            if (held == 0 || last == null) {
                return Optional.empty();
            }
            return Optional.of(new MonitoringEvent(UUID.randomUUID().toString(), last.type(), last.source(),
                    last.timestamp(), last.severity(), last.data(), last.metadata().withCount(held)));
        }
    }

    private final class Subscriber implements EventSubscription, Mailbox.Trouble<MonitoringEvent> {
        private final EventFilter filter;
        private final Mailbox<MonitoringEvent> mailbox;

        Subscriber(EventFilter filter, Consumer<MonitoringEvent> listener, int capacity) {
            this.filter = filter;
            this.mailbox = new Mailbox<>(listener, capacity, dispatch, this);
        }

        void offer(MonitoringEvent event) {
            mailbox.offer(event);
        }

        @Override
        public void dropped(MonitoringEvent event) {
            droppedTotal.incrementAndGet();
            EventProcessor.this.dropped.increment();
        }

        @Override
        public void failed(MonitoringEvent event, RuntimeException e) {
            listenerErrors.increment();
            log.warn("event subscriber {} failed on {}: {}", filter, event.type(), e.toString());
        }

        @Override
        public long dropped() {
            return mailbox.dropped();
        }

        @Override
        public int pending() {
            return mailbox.pending();
        }

        @Override
        public void close() {
            subscribers.remove(this);
            mailbox.close();
        }
    }
}
