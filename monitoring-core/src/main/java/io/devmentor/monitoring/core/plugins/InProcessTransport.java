package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.spi.EventTransport;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Hands every event straight to the receiver on the publishing thread. */
final class InProcessTransport implements EventTransport {

    private volatile @Nullable Consumer<MonitoringEvent> receiver;

    @Override
    public void publish(MonitoringEvent event) {
        Consumer<MonitoringEvent> current = receiver;
        if (current == null) {
            throw new IllegalStateException("receive(…) must be called before publish(…)");
        }
        current.accept(event);
    }

    @Override
    public void receive(Consumer<MonitoringEvent> newReceiver) {
        this.receiver = Objects.requireNonNull(newReceiver, "receiver");
    }
}
