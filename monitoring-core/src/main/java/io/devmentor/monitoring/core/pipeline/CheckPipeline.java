package io.devmentor.monitoring.core.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages a check's outcome passes through, once each, in the order declared when the engine is assembled.
 * A stage that throws is logged and the next one still runs. Nothing here calls back into the monitor that
 * checked: the flow goes one way, from the check to the last stage.
 */
public final class CheckPipeline {

    private static final Logger log = LoggerFactory.getLogger(CheckPipeline.class);

    /** One stage: a name for the logs and the architecture test, and what it does with an outcome. */
    public record Stage(String name, Consumer<Checked> action) {
        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(action, "action");
        }
    }

    private final List<Stage> stages;

    public CheckPipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public void accept(Checked checked) {
        for (Stage stage : stages) {
            try {
                stage.action().accept(checked);
            } catch (RuntimeException e) {
                log.error("stage {} failed for {}", stage.name(), checked.state().name(), e);
            }
        }
    }
}
