package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.util.concurrent.CompletionStage;

/**
 * Checks the health of services of one kind. One attempt per call: the engine retries, times out and
 * keeps the state.
 */
public interface HealthChecker extends AutoCloseable {

    /**
     * Starts one check of the service. Must not block the calling thread: the engine calls it from its
     * scheduler. The engine completes the check as DOWN after {@link ServiceDefinition#timeout()}, so an
     * implementation that cannot time out by itself is still safe.
     *
     * @param service the service to check
     * @return the result, when the check ends
     */
    CompletionStage<CheckResult> check(ServiceDefinition service);

    /** Releases the checker's resources. */
    @Override
    default void close() {
    }
}
