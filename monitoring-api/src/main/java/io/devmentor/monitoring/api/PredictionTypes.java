package io.devmentor.monitoring.api;

/** The seed's prediction categories. Plugins may add their own type names. */
public final class PredictionTypes {
    /** A steady rise of the floor of memory use. */
    public static final String MEMORY_LEAK = "memory_leak";
    /** Response times shifting above their baseline. */
    public static final String PERFORMANCE_DEGRADATION = "performance_degradation";
    /** Time until a bounded resource is exhausted. */
    public static final String CAPACITY_PLANNING = "capacity_planning";
    /** How likely a service is to fail soon. */
    public static final String FAILURE_PREDICTION = "failure_prediction";
    /** A series behaving unlike its own history. */
    public static final String ANOMALY_DETECTION = "anomaly_detection";

    private PredictionTypes() {
    }
}
