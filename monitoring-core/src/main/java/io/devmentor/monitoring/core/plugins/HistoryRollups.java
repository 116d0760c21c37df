package io.devmentor.monitoring.core.plugins;

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
 * Rolls samples up into minute steps (min, sum, max, count): the open minute of each series in memory,
 * each closed one handed to {@code sink}. Shared by the built-in history stores. Not thread-safe.
 */
final class HistoryRollups {

    /** A closed step of one series. */
    record Step(String series, long startMillis, double min, double sum, double max, long count) {
        HistoryPoint point() {
            return new HistoryPoint(Instant.ofEpochMilli(startMillis), min, sum / count, max, count);
        }
    }

    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final int MAX_SERIES = 10_000;

    private final Map<String, double[]> open = new HashMap<>();
    private final Map<String, Long> openStart = new HashMap<>();

    /** Adds samples; returns the minute steps that closed. */
    List<Step> add(Collection<MetricSample> samples, Instant at) {
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
            Long start = openStart.get(key);
            if (start != null && start != minute) {
                closed.add(close(key));
            }
            if (!open.containsKey(key) && open.size() >= MAX_SERIES) {
                continue;
            }
            double[] acc = open.computeIfAbsent(key, k -> new double[] {Double.MAX_VALUE, 0, -Double.MAX_VALUE, 0});
            openStart.put(key, minute);
            acc[0] = Math.min(acc[0], sample.value());
            acc[1] += sample.value();
            acc[2] = Math.max(acc[2], sample.value());
            acc[3]++;
        }
        return closed;
    }

    /** Closes every minute that ended before {@code at}, for series that stopped reporting. */
    List<Step> closeBefore(Instant at) {
        long minute = at.toEpochMilli() / MINUTE * MINUTE;
        List<Step> closed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Long>> it = openStart.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() < minute) {
                double[] acc = open.remove(entry.getKey());
                closed.add(new Step(entry.getKey(), entry.getValue(), acc[0], acc[1], acc[2], (long) acc[3]));
                it.remove();
            }
        }
        return closed;
    }

    private Step close(String key) {
        double[] acc = open.remove(key);
        long start = openStart.remove(key);
        return new Step(key, start, acc[0], acc[1], acc[2], (long) acc[3]);
    }

    /** The open minute of a series, if it has one. */
    java.util.Optional<Step> openStep(String key) {
        double[] acc = open.get(key);
        return acc == null ? java.util.Optional.empty()
                : java.util.Optional.of(new Step(key, openStart.get(key), acc[0], acc[1], acc[2], (long) acc[3]));
    }

    /** Folds minute steps into steps of another length, oldest first. */
    static List<HistoryPoint> fold(List<Step> minutes, Instant from, Duration step) {
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
