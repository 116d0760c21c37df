package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

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
 */
record EngineContext(
        Clock clock,
        ScheduledExecutorService scheduler,
        ExecutorService workers,
        MeterRegistry registry,
        Consumer<MonitoringEvent> publish,
        Consumer<ServiceState> stateChanged,
        Timer scheduleDelay,
        Counter pluginErrors) {
}
