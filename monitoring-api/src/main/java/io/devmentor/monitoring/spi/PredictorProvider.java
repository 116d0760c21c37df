package io.devmentor.monitoring.spi;

/** Provides a {@link Predictor}. */
public interface PredictorProvider extends PluginProvider<Predictor> {
}
