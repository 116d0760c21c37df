package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import java.time.Instant;
import java.util.List;

/** Watches metric series and predicts what will happen to them. */
public interface Predictor {

    /**
     * The category of its predictions, see {@link io.devmentor.monitoring.api.PredictionTypes}.
     *
     * @return the prediction type
     */
    String type();

    /**
     * Takes one sample into account. Called for every collected sample: keep it cheap.
     *
     * @param sample the sample
     * @param at when it was collected
     */
    void observe(MetricSample sample, Instant at);

    /**
     * The predictions that hold now, one per ongoing condition.
     *
     * @param now the current time
     * @return the predictions
     */
    List<Prediction> predict(Instant now);

    /**
     * What it has learnt as normal for the series it watches, if it keeps such baselines. Asked for by the API
     * and once a round for the anomaly-score gauges, never for every sample.
     *
     * @return the baselines, none by default
     */
    default List<Baseline> baselines() {
        return List.of();
    }
}
