package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.HistoryPoint;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both built-in history stores roll samples up into minutes and fold them into longer steps. */
class MetricHistoryStoreTest {

    @TempDir
    Path dir;

    private MetricHistoryStore store(String name, ScheduledExecutorService scheduler) throws Exception {
        MetricHistoryStoreProvider provider = name.equals("h2") ? new H2MetricHistoryStoreProvider()
                : new MemoryMetricHistoryStoreProvider();
        return provider.create(new PluginContext() {
            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }

            @Override
            public Path dataDirectory() {
                return dir;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void rollsUpMinutesAndFoldsLongerSteps(String name) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        try (MetricHistoryStore store = store(name, scheduler)) {
            // Every 10 s for 3 minutes: the value is the minute's number times 10, plus 0..5.
            for (int i = 0; i < 18; i++) {
                Instant at = start.plusSeconds(10L * i);
                double value = (i / 6) * 10 + (i % 6);
                store.append(List.of(MetricSample.gauge("system.cpu.usage.percent", value, Map.of()),
                        MetricSample.gauge("service.response.time", value / 1000, Map.of("service", "auth"))), at);
            }
            List<HistoryPoint> minutes = store.query("system.cpu.usage.percent", start, start.plusSeconds(600),
                    Duration.ofMinutes(1));
            assertEquals(3, minutes.size(), "two closed minutes and the open one");
            assertEquals(0, minutes.get(0).min());
            assertEquals(5, minutes.get(0).max());
            assertEquals(2.5, minutes.get(0).avg(), 1e-9);
            assertEquals(6, minutes.get(0).count());
            assertEquals(start.plusSeconds(120), minutes.get(2).start());
            assertEquals(22.5, minutes.get(2).avg(), 1e-9);

            List<HistoryPoint> folded = store.query("system.cpu.usage.percent", start, start.plusSeconds(600),
                    Duration.ofMinutes(2));
            assertEquals(2, folded.size());
            assertEquals(12, folded.get(0).count());
            assertEquals(15, folded.get(0).max());
            assertEquals(7.5, folded.get(0).avg(), 1e-9);

            List<HistoryPoint> tagged = store.query("service.response.time{service=auth}", start,
                    start.plusSeconds(600), Duration.ofMinutes(3));
            assertEquals(1, tagged.size());
            assertEquals(18, tagged.get(0).count());
            assertTrue(store.query("nothing.here", start, start.plusSeconds(600), Duration.ofMinutes(1)).isEmpty());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
