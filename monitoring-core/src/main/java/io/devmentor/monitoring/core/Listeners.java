package io.devmentor.monitoring.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link MonitoringListener}s, each told in order on a thread of the engine's dispatch pool, through its
 * own bounded queue: a listener that is slow, or blocks, never holds up a check, another listener, or the engine.
 * One that falls behind by {@value #CAPACITY} calls loses its oldest; one that throws is logged and still hears.
 */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    static final int CAPACITY = 10_000;

    private final Executor executor;
    private final Counter dropped;
    private final Map<MonitoringListener, Mailbox<Runnable>> mailboxes = new ConcurrentHashMap<>();

    Listeners(List<MonitoringListener> initial, Executor executor, MeterRegistry registry) {
        this.executor = executor;
        this.dropped = Counter.builder("monitoring.listener.dropped")
                .description("Calls to a host's listener dropped because it fell behind").register(registry);
        initial.forEach(this::add);
    }

    void add(MonitoringListener listener) {
        Objects.requireNonNull(listener, "listener");
        mailboxes.computeIfAbsent(listener, l -> new Mailbox<>(Runnable::run, CAPACITY, executor,
                new Mailbox.Trouble<>() {
                    @Override
                    public void dropped(Runnable call) {
                        dropped.increment();
                    }

                    @Override
                    public void failed(Runnable call, RuntimeException e) {
                        log.warn("listener {} failed: {}", l.getClass().getName(), e.toString());
                    }
                }));
    }

    void remove(MonitoringListener listener) {
        Mailbox<Runnable> mailbox = mailboxes.remove(listener);
        if (mailbox != null) {
            mailbox.close();
        }
    }

    void serviceChecked(ServiceState state) {
        mailboxes.forEach((listener, mailbox) -> mailbox.offer(() -> listener.serviceChecked(state)));
    }

    void systemMetricsCollected(SystemMetrics metrics) {
        mailboxes.forEach((listener, mailbox) -> mailbox.offer(() -> listener.systemMetricsCollected(metrics)));
    }

    void close() {
        mailboxes.values().forEach(Mailbox::close);
    }
}
