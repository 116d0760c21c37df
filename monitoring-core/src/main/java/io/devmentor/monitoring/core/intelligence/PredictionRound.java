package io.devmentor.monitoring.core.intelligence;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.pipeline.SampleObserver;
import io.devmentor.monitoring.core.support.Plugins;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.Predictor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictors: each sample is shown to them as it is kept, and every {@code PREDICTIVE_MAINTENANCE_INTERVAL}
 * they are asked what holds. Keeps what reaches {@code PREDICTION_THRESHOLD} and publishes
 * {@code prediction.generated} once per condition (type, service and series), not once per round.
 */
public final class PredictionRound implements SampleObserver {

    private static final Logger log = LoggerFactory.getLogger(PredictionRound.class);
    static final int MAX_SCORE_GAUGES = 1_000;

    private final List<Plugins.Created<Predictor>> predictors;
    private final double threshold;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final Counter pluginErrors;
    private final MultiGauge anomalyScores;
    // Predictors see one sample at a time, never two at once, as their SPI promises.
    private final WireFormat wire = new WireFormat();
    private final Object lock = new Object();
    private volatile List<Prediction> predictions = List.of();
    // Guarded by lock.
    private Set<String> keys = Set.of();

    public PredictionRound(List<Plugins.Created<Predictor>> predictors, double threshold, Clock clock,
            Consumer<MonitoringEvent> publish, Counter pluginErrors, MeterRegistry registry) {
        this.predictors = List.copyOf(predictors);
        this.threshold = threshold;
        this.clock = clock;
        this.publish = publish;
        this.pluginErrors = pluginErrors;
        this.anomalyScores = MultiGauge.builder("monitoring.anomaly.score")
                .description("How unusual each series' last value was, 0 to 1 (the most unusual 1,000 series)")
                .register(registry);
        Gauge.builder("monitoring.predictions.open", this, round -> round.predictions.size())
                .description("Predictions that hold now, at or above PREDICTION_THRESHOLD").register(registry);
    }

    public boolean isEmpty() {
        return predictors.isEmpty();
    }

    /** Shows samples to the predictors; a failing predictor is counted, and the others go on. */
    @Override
    public void observe(List<MetricSample> samples, Instant at) {
        if (predictors.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (Plugins.Created<Predictor> predictor : predictors) {
                for (MetricSample sample : samples) {
                    try {
                        predictor.plugin().observe(sample, at);
                    } catch (RuntimeException e) {
                        pluginErrors.increment();
                        log.debug("predictor {} failed on {}: {}", predictor.name(), sample.seriesKey(), e.toString());
                    }
                }
            }
        }
    }

    /** Asks every predictor what holds now. */
    public void run() {
        Instant now = clock.instant();
        List<Prediction> all = new ArrayList<>();
        synchronized (lock) {
            for (Plugins.Created<Predictor> predictor : predictors) {
                try {
                    all.addAll(predictor.plugin().predict(now));
                } catch (RuntimeException e) {
                    pluginErrors.increment();
                    log.warn("predictor {} failed: {}", predictor.name(), e.toString());
                }
            }
            Map<String, Prediction> kept = new LinkedHashMap<>();
            for (Prediction prediction : all) {
                if (prediction.confidence() >= threshold) {
                    kept.putIfAbsent(prediction.type() + "|" + prediction.service() + "|"
                            + prediction.evidence().getOrDefault("series", ""), prediction);
                }
            }
            Set<String> before = keys;
            keys = Set.copyOf(kept.keySet());
            predictions = List.copyOf(kept.values());
            kept.forEach((key, prediction) -> {
                if (!before.contains(key)) {
                    publish.accept(MonitoringEvent.of(EventTypes.PREDICTION_GENERATED, prediction.service(), now,
                            prediction.severity().compareTo(IncidentSeverity.HIGH) >= 0 ? Severity.ERROR
                                    : Severity.WARNING, eventData(prediction)));
                }
            });
            updateAnomalyScores();
        }
    }

    public List<Prediction> predictions() {
        return predictions;
    }

    public List<Baseline> baselines() {
        synchronized (lock) {
            return baselinesLocked();
        }
    }

    /**
     * Sets the {@code monitoring.anomaly.score} gauges, one per series with a baseline, at most
     * {@value #MAX_SCORE_GAUGES} (the most unusual first) so that a large fleet does not flood the scrape.
     */
    private void updateAnomalyScores() {
        List<Baseline> baselines = baselinesLocked();
        if (baselines.isEmpty()) {
            return;
        }
        List<MultiGauge.Row<?>> rows = baselines.stream()
                .sorted(Comparator.comparingDouble(Baseline::score).reversed()).limit(MAX_SCORE_GAUGES)
                .map(b -> MultiGauge.Row.of(Tags.of("series", b.series(), "service", b.service()), b.score()))
                .collect(java.util.stream.Collectors.toList());
        anomalyScores.register(rows, true);
    }

    private List<Baseline> baselinesLocked() {
        List<Baseline> baselines = new ArrayList<>();
        for (Plugins.Created<Predictor> predictor : predictors) {
            try {
                baselines.addAll(predictor.plugin().baselines());
            } catch (RuntimeException e) {
                pluginErrors.increment();
                log.warn("predictor {} failed to tell its baselines: {}", predictor.name(), e.toString());
            }
        }
        return baselines;
    }

    /** A prediction as events carry it: the wire format's one form. */
    private Map<String, Object> eventData(Prediction prediction) {
        return wire.data(wire.prediction(prediction));
    }
}
