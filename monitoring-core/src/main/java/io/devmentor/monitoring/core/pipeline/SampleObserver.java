package io.devmentor.monitoring.core.pipeline;

import io.devmentor.monitoring.api.MetricSample;
import java.time.Instant;
import java.util.List;

/** Where samples go once taken, by checks and collectors: the history, and before it the predictors. */
public interface SampleObserver {

    /** Takes samples taken at one time; never throws for a failure of its own. */
    void observe(List<MetricSample> samples, Instant at);
}
