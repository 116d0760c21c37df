package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;

/** Provides the built-in {@code anomaly_detection} predictor: a streaming anomaly score for every gauge series. */
public final class AnomalyDetectionPredictorProvider implements PredictorProvider {

    @Override
    public String name() {
        return "anomaly_detection";
    }

    @Override
    public Predictor create(PluginContext context) {
        return new AnomalyDetectionPredictor();
    }
}
