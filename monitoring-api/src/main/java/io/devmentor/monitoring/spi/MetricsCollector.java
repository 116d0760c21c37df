package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.MetricSample;
import java.util.List;

/** Collects metric samples on the engine's collection interval. */
public interface MetricsCollector extends AutoCloseable {

    /**
     * Reads the current samples. Called from a worker thread, never concurrently with itself.
     *
     * @return the samples of this round
     * @throws Exception when the round failed; the engine counts it and tries again next round
     */
    List<MetricSample> collect() throws Exception;

    /** Releases the collector's resources. */
    @Override
    default void close() {
    }
}
