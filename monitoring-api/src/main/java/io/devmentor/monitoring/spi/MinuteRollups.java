package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolls samples up into minute steps (min, sum, max, count), for {@link MetricHistoryStore}s that keep minutes:
 * the open minute of each series stays here, each closed one is returned to the store to keep. Gauges and
 * counters are rolled up; other samples and non-finite values are left out. At most {@value #MAX_SERIES} series
 * are open at once; samples of further series are dropped until a minute closes. Not thread-safe.
 */
public final class MinuteRollups {

    /**
     * A minute (or longer) step of one series.
     *
     * @param series the series key, as {@link MetricSample#seriesKey()} gives it
     * @param startMillis the step's start, in milliseconds since the epoch
     * @param min the smallest value
     * @param sum the sum of the values
     * @param max the largest value
     * @param count how many values
     */
    public record Step(String series, long startMillis, double min, double sum, double max, long count) {
    }

    /** A minute, in milliseconds. */
    public static final long MINUTE = Duration.ofMinutes(1).toMillis();
    /** The most series open at once. */
    public static final int MAX_SERIES = 10_000;

    /** The open minute of each series. */
    private final Map<String, Minute> open = new HashMap<>();

    /** Rolls up nothing yet. */
    public MinuteRollups() {
    }

    /**
     * Adds samples taken at one time.
     *
     * @param samples the samples
     * @param at when they were taken
     * @return the minute steps that closed
     */
    public List<Step> add(Collection<MetricSample> samples, Instant at) {
        List<Step> closed = new ArrayList<>();
        long minute = at.toEpochMilli() / MINUTE * MINUTE;
        for (MetricSample sample : samples) {
            if (sample.type() != MetricType.GAUGE && sample.type() != MetricType.COUNTER) {
                continue;
            }
            if (!Double.isFinite(sample.value())) {
                continue;
            }
            String key = sample.seriesKey();
            Minute current = open.get(key);
            if (current != null && current.start != minute) {
                closed.add(current.step(key));
                open.remove(key);
                current = null;
            }
            if (current == null) {
                if (open.size() >= MAX_SERIES) {
                    continue;
                }
                current = new Minute(minute);
                open.put(key, current);
            }
            current.add(sample.value());
        }
        return closed;
    }

    /**
     * Closes every minute that ended before {@code at}, for series that stopped reporting.
     *
     * @param at now
     * @return the steps that closed
     */
    public List<Step> closeBefore(Instant at) {
        long minute = at.toEpochMilli() / MINUTE * MINUTE;
        List<Step> closed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Minute>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Minute> entry = it.next();
            if (entry.getValue().start < minute) {
                closed.add(entry.getValue().step(entry.getKey()));
                it.remove();
            }
        }
        return closed;
    }

    /**
     * The open minute of a series.
     *
     * @param key the series key
     * @return its open minute so far, if it has one
     */
    public java.util.Optional<Step> openStep(String key) {
        return java.util.Optional.ofNullable(open.get(key)).map(m -> m.step(key));
    }

    /** The samples of one series in one minute so far. */
    private static final class Minute {
        final long start;
        double min = Double.MAX_VALUE;
        double sum;
        double max = -Double.MAX_VALUE;
        long count;

        Minute(long start) {
            this.start = start;
        }

        void add(double value) {
            min = Math.min(min, value);
            sum += value;
            max = Math.max(max, value);
            count++;
        }

        Step step(String series) {
            return new Step(series, start, min, sum, max, count);
        }
    }

    /**
     * Folds minute steps into steps of another length.
     *
     * @param minutes the minute steps of one series
     * @param from where the first step starts
     * @param step the length of a step (a minute at least)
     * @return the points, oldest first
     */
    public static List<HistoryPoint> fold(List<Step> minutes, Instant from, Duration step) {
        long length = Math.max(MINUTE, step.toMillis());
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        for (Step m : minutes) {
            long bucket = from.toEpochMilli() + (m.startMillis() - from.toEpochMilli()) / length * length;
            double[] acc = buckets.computeIfAbsent(bucket, b -> new double[] {Double.MAX_VALUE, 0, -Double.MAX_VALUE, 0});
            acc[0] = Math.min(acc[0], m.min());
            acc[1] += m.sum();
            acc[2] = Math.max(acc[2], m.max());
            acc[3] += m.count();
        }
        List<HistoryPoint> points = new ArrayList<>();
        buckets.forEach((start, acc) -> points.add(new HistoryPoint(Instant.ofEpochMilli(start), acc[0], acc[1] / acc[3],
                acc[2], (long) acc[3])));
        return points;
    }
}
