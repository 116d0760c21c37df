package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.util.concurrent.CompletionStage;

/** Acts on services for auto-response: restarts them. */
public interface ServiceController extends AutoCloseable {

    /**
     * Whether this controller can act on the service, and the configuration allows it to.
     *
     * @param service the service
     * @return true when {@link #restart} may be called for it
     */
    boolean controls(ServiceDefinition service);

    /**
     * Why this controller does not control a service of a kind it knows, for the person who asked for the
     * restart: {@code "restarts of auth are not allowed: add it to DOCKER_RESTART_ALLOWED"}. Empty when it
     * controls the service, or knows nothing of it.
     *
     * @param service the service
     * @return the reason, when there is one to tell
     */
    default java.util.Optional<String> refusal(ServiceDefinition service) {
        return java.util.Optional.empty();
    }

    /**
     * Restarts the service.
     *
     * @param service the service
     * @return the outcome, when the restart ends
     */
    CompletionStage<RestartResult> restart(ServiceDefinition service);

    /** Releases the controller's resources. */
    @Override
    default void close() {
    }
}
