package io.devmentor.monitoring.core;

/**
 * Told of every new service state and every round of system metrics, for a host that pushes live
 * updates. Each listener is called in order, on a thread of the engine's, through its own queue of 10,000 calls:
 * a slow one delays nothing but itself, and one that falls that far behind loses its oldest calls.
 */
public interface MonitoringListener {

    /**
     * A service was checked.
     *
     * @param state its state after the check
     */
    default void serviceChecked(ServiceState state) {
    }

    /**
     * System metrics were collected.
     *
     * @param metrics the new figures
     */
    default void systemMetricsCollected(SystemMetrics metrics) {
    }
}
