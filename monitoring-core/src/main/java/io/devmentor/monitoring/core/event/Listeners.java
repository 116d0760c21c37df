package io.devmentor.monitoring.core.event;

import io.devmentor.monitoring.core.MonitoringListener;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SystemMetrics;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host's {@link MonitoringListener}s, told in turn; one that throws is logged and the others still hear. */
public final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<MonitoringListener> listeners = new CopyOnWriteArrayList<>();

    public Listeners(List<MonitoringListener> initial) {
        listeners.addAll(initial);
    }

    public void add(MonitoringListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void remove(MonitoringListener listener) {
        listeners.remove(listener);
    }

    public void serviceChecked(ServiceState state) {
        tell(state.name(), listener -> listener.serviceChecked(state));
    }

    public void systemMetricsCollected(SystemMetrics metrics) {
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
