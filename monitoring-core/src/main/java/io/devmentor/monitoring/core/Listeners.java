package io.devmentor.monitoring.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's {@link MonitoringListener}s, told in turn; one that throws is logged and the others still hear. */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<MonitoringListener> listeners = new CopyOnWriteArrayList<>();

    Listeners(List<MonitoringListener> initial) {
        listeners.addAll(initial);
    }

    void add(MonitoringListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(MonitoringListener listener) {
        listeners.remove(listener);
    }

    void serviceChecked(ServiceState state) {
        tell(state.name(), listener -> listener.serviceChecked(state));
    }

    void systemMetricsCollected(SystemMetrics metrics) {
        tell("system metrics", listener -> listener.systemMetricsCollected(metrics));
    }

    private void tell(String what, Consumer<MonitoringListener> call) {
        for (MonitoringListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("listener failed on {}: {}", what, e.toString());
            }
        }
    }
}
