package io.devmentor.monitoring.core.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.devmentor.monitoring.tck.Await;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic task of the engine (notification rounds, collection rounds) survives a run that throws. */
class PeriodicTest {

    @Test
    void aRunThatThrowsIsFollowedByTheNext() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger runs = new AtomicInteger();
            ScheduledFuture<?> schedule = Periodic.withFixedDelay(scheduler, "a flaky round", () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("the first run fails");
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            Await.until(Duration.ofSeconds(10), "runs after the failed one", () -> runs.get() >= 3);
            assertFalse(schedule.isDone(), "still scheduled");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
