package io.devmentor.monitoring.core.collect;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.SystemMetrics;
import io.devmentor.monitoring.core.pipeline.SampleObserver;
import io.devmentor.monitoring.core.support.Periodic;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every collector on one thread of its own, each {@code METRICS_COLLECTION_INTERVAL}: its samples become
 * meters and history, and the system collector's also system metrics, threshold alerts and system incidents.
 */
public final class CollectionRound {

    private static final Logger log = LoggerFactory.getLogger(CollectionRound.class);
    static final String SYSTEM_COLLECTOR = "system";

    /** Where system metrics go besides the history (the incident stage, then the host's listeners). */
    public interface SystemMetricsSink {
        void collected(SystemMetrics metrics, Map<String, Instant> breachedSince);
    }

    private final Map<String, MetricsCollector> collectors;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService thread;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Clock clock;
    private final MeterRegistry registry;
    private final SampleObserver history;
    private final Consumer<MonitoringEvent> publish;
    private final SystemThresholdWatch watch;
    private final List<SystemMetricsSink> sinks;
    private final Counter errors;
    // Touched on the collection thread only.
    private final Map<String, SampleMeters> sampleMeters = new LinkedHashMap<>();
    private final Map<String, List<MetricSample>> latest = new ConcurrentHashMap<>();
    private volatile @Nullable SystemMetrics systemMetrics;

    public CollectionRound(Map<String, MetricsCollector> collectors, ScheduledExecutorService scheduler,
            ExecutorService thread, Clock clock,
            MeterRegistry registry, SampleObserver history, Consumer<MonitoringEvent> publish,
            SystemThresholdWatch watch, List<SystemMetricsSink> sinks) {
        this.collectors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(collectors));
        this.scheduler = scheduler;
        this.thread = thread;
        this.clock = clock;
        this.registry = registry;
        this.history = history;
        this.publish = publish;
        this.watch = watch;
        this.sinks = List.copyOf(sinks);
        this.errors = Counter.builder("monitoring.collector.errors")
                .description("Collection rounds that failed").register(registry);
    }

    /** Times a round every interval on the scheduler; it runs on the collection thread, one at a time. */
    @SuppressWarnings("FutureReturnValueIgnored") // the round ends with the scheduler at close; a failure is logged by Periodic.guarded
    public void start(Duration interval) {
        Runnable round = Periodic.guarded("the collection round", this::run);
        Periodic.withFixedDelay(scheduler, "the collection round", () -> {
            if (running.compareAndSet(false, true)) {
                thread.execute(() -> {
                    try {
                        round.run();
                    } finally {
                        running.set(false);
                    }
                });
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a round now on the collection thread, and returns when it is done. */
    public void runNow() {
        try {
            thread.submit(this::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the collection round failed: " + e.getCause(), e.getCause());
        }
    }

    public Optional<SystemMetrics> systemMetrics() {
        return Optional.ofNullable(systemMetrics);
    }

    public Map<String, List<MetricSample>> latest() {
        return Map.copyOf(latest);
    }

    public java.util.Set<String> names() {
        return collectors.keySet();
    }

    /** Removes the meters of the samples; call once the collection thread has ended. */
    public void close() {
        sampleMeters.values().forEach(SampleMeters::close);
    }

    private void run() {
        Instant at = clock.instant();
        for (Map.Entry<String, MetricsCollector> entry : collectors.entrySet()) {
            String name = entry.getKey();
            List<MetricSample> samples;
            try {
                samples = List.copyOf(entry.getValue().collect());
            } catch (Exception | LinkageError e) {
                errors.increment();
                log.warn("collector {} failed: {}", name, e.toString());
                continue;
            }
            latest.put(name, samples);
            history.observe(samples, at);
            sampleMeters.computeIfAbsent(name, n -> new SampleMeters(n, registry)).update(samples);
            if (SYSTEM_COLLECTOR.equals(name)) {
                SystemMetrics metrics = SystemMetrics.fromSamples(at, samples);
                systemMetrics = metrics;
                watch.check(metrics).forEach(publish);
                Map<String, Instant> breaches = watch.breaches();
                for (SystemMetricsSink sink : sinks) {
                    try {
                        sink.collected(metrics, breaches);
                    } catch (RuntimeException e) {
                        log.error("system metrics not handled by {}", sink, e);
                    }
                }
            }
        }
    }
}
