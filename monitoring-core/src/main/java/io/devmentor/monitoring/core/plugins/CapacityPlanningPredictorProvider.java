package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;
import java.time.Duration;

/**
 * Provides the built-in {@code capacity_planning} predictor. {@code CAPACITY_HORIZON} (an ISO-8601 duration,
 * {@code P7D} by default) is how far ahead a resource must fill to be predicted.
 */
public final class CapacityPlanningPredictorProvider implements PredictorProvider {

    @Override
    public String name() {
        return "capacity_planning";
    }

    @Override
    public Predictor create(PluginContext context) {
        Duration horizon = context.setting("CAPACITY_HORIZON").map(Duration::parse).orElse(Duration.ofDays(7));
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("CAPACITY_HORIZON must be a positive duration such as P7D, was " + horizon);
        }
        return new CapacityPlanningPredictor(horizon);
    }
}
