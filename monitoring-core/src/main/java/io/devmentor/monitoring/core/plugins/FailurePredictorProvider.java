package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;

/** Provides the built-in {@code failure_prediction} predictor: how likely a service that is up is to fail soon. */
public final class FailurePredictorProvider implements PredictorProvider {

    @Override
    public String name() {
        return "failure_prediction";
    }

    @Override
    public Predictor create(PluginContext context) {
        return new FailurePredictor();
    }
}
