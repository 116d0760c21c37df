package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What every part of one engine shares. One per {@link Monitoring} instance, never static, so that two
 * instances in one JVM share nothing.
 *
 * @param clock the engine's clock
 * @param scheduler times checks, retries and timeouts; its tasks only hand work to {@code workers}
 * @param workers starts checks and handles their results
 * @param registry the host's meter registry
 * @param publish publishes an event
 * @param stateChanged told of every new service state
 * @param scheduleDelay how late checks start against their plan
 * @param pluginErrors exceptions thrown by plugins
 * @param owns whether this instance checks a service now: it is this instance's (always, without a cluster)
 *     and no restart of it is under way
 * @param share hands the result of this instance's check to the other members of its cluster
 * @param sharedState told of a service state that another member's check made
 */
record EngineContext(
        Clock clock,
        ScheduledExecutorService scheduler,
        ExecutorService workers,
        MeterRegistry registry,
        Consumer<MonitoringEvent> publish,
        Consumer<ServiceState> stateChanged,
        Timer scheduleDelay,
        Counter pluginErrors,
        Predicate<String> owns,
        BiConsumer<String, CheckResult> share,
        Consumer<ServiceState> sharedState) {
}
