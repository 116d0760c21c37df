package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Waiting and recording helpers shared by the engine's tests. */
public final class TestSupport {
    private TestSupport() {
    }

    /** A configuration with its data in {@code dir}, no services, and metrics collected every {@code metricsMillis}. */
    static MonitoringConfiguration configuration(Path dir, long metricsMillis) {
        return MonitoringConfiguration.fromEnvironment(Map.of(
                "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", Long.toString(metricsMillis)), dir);
    }

    /** Records events, and waits for them. */
    static final class Recorder implements java.util.function.Consumer<MonitoringEvent> {
        final List<MonitoringEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(MonitoringEvent event) {
            events.add(event);
        }

        MonitoringEvent awaitFirst(Duration timeout, String what, Predicate<MonitoringEvent> test) {
            Await.until(timeout, what, () -> events.stream().anyMatch(test));
            return events.stream().filter(test).findFirst().orElseThrow();
        }

        long count(Predicate<MonitoringEvent> test) {
            return events.stream().filter(test).count();
        }
    }

    /** A clock that stands still until a test moves it: time in the engine without waiting for it. */
    static final class MovableClock extends java.time.Clock {
        private volatile java.time.Instant now;

        MovableClock(java.time.Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
