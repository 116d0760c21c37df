package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;

/** Provides the built-in {@code performance_degradation} predictor: the response times of a series moving above their baseline, in level or in the tail. */
public final class PerformanceDegradationPredictorProvider implements PredictorProvider {

    @Override
    public String name() {
        return "performance_degradation";
    }

    @Override
    public Predictor create(PluginContext context) {
        return new PerformanceDegradationPredictor();
    }
}
