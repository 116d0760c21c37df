package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link HealthChecker}: a healthy target is UP, one that cannot be reached is
 * DOWN with a reason a person can read, many checks at once are answered each on its own, and
 * {@link HealthChecker#check} hands back its answer to come without waiting for a target that never answers (the
 * engine calls it from its scheduler's one thread).
 *
 * <p>Extend it, say how to make the checker, and give a service of its kind whose target the test runs.
 */
public abstract class HealthCheckerContract {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private HealthChecker checker;

    /** For a plugin's test to extend. */
    protected HealthCheckerContract() {
    }

    /**
     * Makes the checker under test.
     *
     * @return the checker
     * @throws Exception when it cannot be made
     */
    protected abstract HealthChecker createChecker() throws Exception;

    /**
     * A service of the checker's kind whose target answers as healthy.
     *
     * @return the service
     * @throws Exception when its target cannot be started
     */
    protected abstract ServiceDefinition healthyService() throws Exception;

    /**
     * A service of the checker's kind whose target cannot be reached (nothing listens there).
     *
     * @return the service
     * @throws Exception when it cannot be made
     */
    protected abstract ServiceDefinition unreachableService() throws Exception;

    /**
     * A service of the checker's kind whose target takes the connection and never answers ({@link SilentTarget}
     * is one).
     *
     * @return the service
     * @throws Exception when its target cannot be started
     */
    protected abstract ServiceDefinition silentService() throws Exception;

    @BeforeEach
    void openChecker() throws Exception {
        checker = createChecker();
    }

    @AfterEach
    void closeChecker() throws Exception {
        checker.close();
    }

    private CheckResult check(ServiceDefinition service) throws Exception {
        return checker.check(service).toCompletableFuture().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aHealthyTargetIsUp() throws Exception {
        CheckResult result = check(healthyService());
        assertEquals(HealthStatus.UP, result.status(), result.message());
        assertNotNull(result.checkedAt());
        assertFalse(result.latency().isNegative());
    }

    @Test
    void anUnreachableTargetIsDownAndSaysWhy() throws Exception {
        CheckResult result = check(unreachableService());
        assertEquals(HealthStatus.DOWN, result.status(), result.message());
        assertFalse(result.message().isBlank(), "a reason a person can read");
    }

    @Test
    void manyChecksAtOnceAreAnsweredEachOnItsOwn() throws Exception {
        ServiceDefinition healthy = healthyService();
        ServiceDefinition unreachable = unreachableService();
        List<CompletableFuture<CheckResult>> checks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            checks.add(checker.check(i % 2 == 0 ? healthy : unreachable).toCompletableFuture());
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckResult result = checks.get(i).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(i % 2 == 0 ? HealthStatus.UP : HealthStatus.DOWN, result.status(), "check " + i);
        }
    }

    @Test
    void checkDoesNotWaitForTheTarget() throws Exception {
        ServiceDefinition silent = silentService();
        long started = System.nanoTime();
        CompletableFuture<CheckResult> answer = checker.check(silent).toCompletableFuture();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "check() returned after " + took.toMillis() + " ms");
        answer.cancel(true);
    }
}
