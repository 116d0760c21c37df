package io.devmentor.monitoring.core.collect;

import io.devmentor.monitoring.api.MetricSample;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one collector's samples as Micrometer meters: a gauge per gauge series, a function counter
 * per counter series. Series that stop appearing are removed after a few rounds, and a collector may
 * hold at most {@link #MAX_SERIES} series, so a misbehaving plugin cannot grow the registry without bound.
 * Called from one thread.
 */
final class SampleMeters {

    static final int MAX_SERIES = 10_000;
    private static final int ROUNDS_BEFORE_REMOVAL = 3;
    private static final Logger log = LoggerFactory.getLogger(SampleMeters.class);

    private final String collector;
    private final MeterRegistry registry;
    private final Map<String, Series> series = new HashMap<>();
    private long round;
    private boolean warnedAboutLimit;

    SampleMeters(String collector, MeterRegistry registry) {
        this.collector = collector;
        this.registry = registry;
    }

    void update(Collection<MetricSample> samples) {
        round++;
        for (MetricSample sample : samples) {
            String key = sample.name() + new TreeMap<>(sample.tags());
            Series existing = series.get(key);
            if (existing == null) {
                if (series.size() >= MAX_SERIES) {
                    if (!warnedAboutLimit) {
                        log.warn("collector {} has more than {} series; the rest are not exported", collector, MAX_SERIES);
                        warnedAboutLimit = true;
                    }
                    continue;
                }
                existing = new Series();
                existing.meters = register(sample, existing);
                series.put(key, existing);
            }
            existing.value = sample.value();
            existing.count = sample.count();
            existing.lastRound = round;
        }
        for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
            Series stale = it.next();
            if (round - stale.lastRound >= ROUNDS_BEFORE_REMOVAL) {
                stale.meters.forEach(registry::remove);
                it.remove();
            }
        }
    }

    private List<Meter> register(MetricSample sample, Series holder) {
        List<Tag> tags = new ArrayList<>();
        sample.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
        String unit = sample.baseUnit().orElse(null);
        String description = "Collected by the " + collector + " collector";
        List<Meter> meters = new ArrayList<>(2);
        try {
            switch (sample.type()) {
                case GAUGE:
                    meters.add(Gauge.builder(sample.name(), holder, s -> s.value).tags(tags).baseUnit(unit).description(description)
                            .register(registry));
                    break;
                case COUNTER:
                    meters.add(FunctionCounter.builder(sample.name(), holder, s -> s.value).tags(tags).baseUnit(unit).description(description)
                            .register(registry));
                    break;
                default:
                    meters.add(FunctionCounter.builder(sample.name() + ".count", holder, s -> s.count).tags(tags)
                            .description(description).register(registry));
                    meters.add(FunctionCounter.builder(sample.name() + ".sum", holder, s -> s.value).tags(tags)
                            .baseUnit(unit).description(description).register(registry));
            }
        } catch (RuntimeException e) {
            log.warn("collector {}: series {} cannot be exported: {}", collector, sample.name(), e.toString());
        }
        return meters;
    }

    void close() {
        series.values().forEach(s -> s.meters.forEach(registry::remove));
        series.clear();
    }

    private static final class Series {
        volatile double value;
        volatile long count;
        long lastRound;
        List<Meter> meters = List.of();
    }
}
