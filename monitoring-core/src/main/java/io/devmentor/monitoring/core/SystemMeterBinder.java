package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.core.support.EnginePluginContext;
import io.devmentor.monitoring.core.support.Plugins;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system metrics of the engine's {@code system} collector (CPU, load, memory, swap, file systems, network,
 * heap and threads, read with OSHI) as a Micrometer {@link MeterBinder}, for a host that wants them in its own
 * registry without an engine, as it would bind Micrometer's {@code ProcessorMetrics}:
 *
 * <pre>{@code
 * new SystemMeterBinder().bindTo(registry);
 * }</pre>
 *
 * <p>The gauges are those the engine registers from its collection rounds, under the same names, so bind this
 * to a registry an engine does not use. One reading of the machine serves every gauge for a second, since a
 * scrape reads them all at once; network rates appear from the second reading on. The series are those of the
 * machine when bound: a file system mounted later is not added.
 */
public final class SystemMeterBinder implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(SystemMeterBinder.class);
    private static final long READING_LIFETIME_NANOS = Duration.ofSeconds(1).toNanos();

    private final MetricsCollector collector;
    private final LongSupplier ticker;
    private Optional<Map<Series, MetricSample>> reading = Optional.empty();
    private long readAt;

    /**
     * Reads this machine with the {@code system} collector, found as the engine finds it: the available provider
     * of that name with the highest priority, so a host's replacement is used here too.
     *
     * @throws IllegalStateException when no {@code system} collector is available
     */
    public SystemMeterBinder() {
        this(systemCollector(), System::nanoTime);
    }

    SystemMeterBinder(MetricsCollector collector, LongSupplier ticker) {
        this.collector = collector;
        this.ticker = ticker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // Two readings: rates such as the network's need a previous one.
        Map<Series, MetricSample> known = new LinkedHashMap<>(read());
        known.putAll(read());
        known.forEach((series, sample) -> Gauge.builder(sample.name(), this, binder -> binder.valueOf(series))
                .tags(series.tags()).baseUnit(sample.baseUnit().orElse(null))
                .description("Read from this machine by the system collector")
                // The host may keep the registry and drop this binder: its gauges must still read.
                .strongReference(true)
                .register(registry));
    }

    private double valueOf(Series series) {
        MetricSample sample = current().get(series);
        return sample == null ? Double.NaN : sample.value();
    }

    /** The latest reading, taken again once it is a second old. */
    private synchronized Map<Series, MetricSample> current() {
        return reading.isPresent() && ticker.getAsLong() - readAt < READING_LIFETIME_NANOS ? reading.get() : read();
    }

    /** Reads the machine now; the collector is not thread-safe. */
    private synchronized Map<Series, MetricSample> read() {
        Map<Series, MetricSample> next = new HashMap<>();
        for (MetricSample sample : collect()) {
            next.put(new Series(sample.name(), Tags.of(sample.tags().entrySet().stream()
                    .map(e -> Tag.of(e.getKey(), e.getValue())).toList())), sample);
        }
        reading = Optional.of(Map.copyOf(next));
        readAt = ticker.getAsLong();
        return reading.get();
    }

    /** A reading, or none when the machine cannot be read: the gauges then have no value until it can. */
    private List<MetricSample> collect() {
        try {
            return collector.collect();
        } catch (Exception e) {
            log.warn("the system metrics could not be read: {}", e.toString());
            return List.of();
        }
    }

    private static MetricsCollector systemCollector() {
        // A binder runs nothing in the background: a scheduler shut down before its first task refuses any.
        ScheduledThreadPoolExecutor none = new ScheduledThreadPoolExecutor(0);
        none.shutdown();
        return new Plugins().loadNamed(MetricsCollectorProvider.class, SystemMeterBinder.class.getClassLoader(),
                        "system", new EnginePluginContext(Map.of(), Optional.empty(), Clock.systemUTC(), none, event -> {
                        }))
                .orElseThrow(() -> new IllegalStateException("no system metrics collector is available"));
    }

    private record Series(String name, Tags tags) {
    }
}
