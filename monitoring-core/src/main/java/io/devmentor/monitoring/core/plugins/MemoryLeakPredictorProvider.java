package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;

/** Provides the built-in {@code memory_leak} predictor: the floor of memory use rising steadily. */
public final class MemoryLeakPredictorProvider implements PredictorProvider {

    @Override
    public String name() {
        return "memory_leak";
    }

    @Override
    public Predictor create(PluginContext context) {
        return new MemoryLeakPredictor();
    }
}
