package io.devmentor.monitoring.core.pipeline;

import io.devmentor.monitoring.core.ServiceState;
import java.util.Objects;

/**
 * A check's outcome as it passes once through the engine's stages after its monitor: the state the check left,
 * and whose check it was.
 *
 * @param state the service's state after the check
 * @param ownCheck true when this instance checked; false for another member's check, shared through the
 *     cluster, which only keeps this instance's view current (the member that checked handles its incidents,
 *     history and events)
 */
public record Checked(ServiceState state, boolean ownCheck) {

    public Checked {
        Objects.requireNonNull(state, "state");
    }
}
