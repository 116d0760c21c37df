package io.devmentor.monitoring.core.check;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.pipeline.CheckPipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What every service monitor of one engine shares. One per {@link Monitoring} instance, never static, so that two
 * instances in one JVM share nothing.
 *
 * @param clock the engine's clock
 * @param ticker the engine's monotonic nanoseconds, which plan the checks
 * @param scheduler times checks, retries and timeouts; its tasks only hand work to {@code workers}
 * @param workers starts checks and handles their results
 * @param registry the engine's meter registry
 * @param publish publishes an event
 * @param pipeline where every check's outcome goes next, this instance's and the ones other members share
 * @param scheduleDelay how late checks start against their plan
 * @param pluginErrors exceptions thrown by plugins
 * @param owns whether this instance checks a service now: it is this instance's (always, without a cluster)
 *     and no restart of it is under way
 * @param tracer makes a span of each check attempt (a no-op one without OpenTelemetry)
 * @param stalls when the whole engine stood still, so that a check timed out across it is not held against its
 *     service
 * @param stalledChecks check attempts retried or skipped because the engine stood still during them
 */
public record EngineContext(
        Clock clock,
        LongSupplier ticker,
        ScheduledExecutorService scheduler,
        ExecutorService workers,
        MeterRegistry registry,
        Consumer<MonitoringEvent> publish,
        CheckPipeline pipeline,
        Timer scheduleDelay,
        Counter pluginErrors,
        Predicate<String> owns,
        io.opentelemetry.api.trace.Tracer tracer,
        StallWatch stalls,
        Counter stalledChecks) {
}
