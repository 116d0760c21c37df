package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Keeps the history of metric series, rolled up. Implementations are thread-safe. */
public interface MetricHistoryStore extends AutoCloseable {

    /**
     * Records samples collected at one time.
     *
     * @param samples the samples
     * @param at when they were collected
     * @throws Exception when they could not be stored
     */
    void append(Collection<MetricSample> samples, Instant at) throws Exception;

    /**
     * Reads a series between two times in steps.
     *
     * @param series the series key: its name and tags as {@code name{k=v,…}}
     * @param from the start, inclusive
     * @param to the end, exclusive
     * @param step the step
     * @return the steps that hold samples, oldest first
     * @throws Exception when the store cannot be read
     */
    List<HistoryPoint> query(String series, Instant from, Instant to, Duration step) throws Exception;

    /** Releases the store's resources. */
    @Override
    default void close() {
    }
}
