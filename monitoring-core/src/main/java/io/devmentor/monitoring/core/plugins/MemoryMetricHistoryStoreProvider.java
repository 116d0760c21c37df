package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.MinuteRollups;
import io.devmentor.monitoring.spi.PluginContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Provides the {@code memory} history store: minute steps of the last 24 hours, for tests and embedding. */
public final class MemoryMetricHistoryStoreProvider implements MetricHistoryStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public MetricHistoryStore create(PluginContext context) {
        return new Store();
    }

    /** Minute steps in bounded queues, one per series. */
    private static final class Store implements MetricHistoryStore {
        private static final int MINUTES = 24 * 60;
        private final MinuteRollups rollups = new MinuteRollups();
        private final Map<String, ArrayDeque<MinuteRollups.Step>> steps = new HashMap<>();

        @Override
        public synchronized void append(Collection<MetricSample> samples, Instant at) {
            for (MinuteRollups.Step step : rollups.add(samples, at)) {
                ArrayDeque<MinuteRollups.Step> queue = steps.computeIfAbsent(step.series(), s -> new ArrayDeque<>());
                queue.addLast(step);
                while (queue.size() > MINUTES) {
                    queue.removeFirst();
                }
            }
        }

        @Override
        public synchronized List<HistoryPoint> query(String series, Instant from, Instant to, Duration step) {
            List<MinuteRollups.Step> minutes = new ArrayList<>(steps.getOrDefault(series, new ArrayDeque<>()));
            rollups.openStep(series).ifPresent(minutes::add);
            minutes.removeIf(m -> m.startMillis() < from.toEpochMilli() || m.startMillis() >= to.toEpochMilli());
            return MinuteRollups.fold(minutes, from, step);
        }
    }
}
