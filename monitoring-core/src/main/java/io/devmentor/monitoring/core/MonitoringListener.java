package io.devmentor.monitoring.core;

/**
 * Told of every new service state and every round of system metrics, for a host that pushes live
 * updates. Called on the engine's threads: return quickly, and never block.
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
