package io.devmentor.monitoring.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 history store across a restart. What every history store does (minutes, longer steps, tags, concurrent
 * appends) is held by the plugin test kit's contract, in {@code H2ContractsTest}.
 */
class H2HistoryRestartTest {

    @TempDir
    Path dir;

    @Test
    void aCleanStopKeepsTheOpenMinuteAndARestartAddsToIt() throws Exception {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        try (StubPluginContext context = StubPluginContext.in(dir)) {
            try (MetricHistoryStore store = new H2MetricHistoryStoreProvider().create(context)) {
                store.append(List.of(MetricSample.gauge("queue.depth", 4, Map.of())), minute.plusSeconds(10));
                store.append(List.of(MetricSample.gauge("queue.depth", 8, Map.of())), minute.plusSeconds(20));
            }
            try (MetricHistoryStore store = new H2MetricHistoryStoreProvider().create(context)) {
                store.append(List.of(MetricSample.gauge("queue.depth", 12, Map.of())), minute.plusSeconds(30));
                store.append(List.of(MetricSample.gauge("queue.depth", 1, Map.of())), minute.plusSeconds(90));
                List<HistoryPoint> points = store.query("queue.depth", minute, minute.plusSeconds(120),
                        Duration.ofMinutes(1));
                assertEquals(2, points.size(), points.toString());
                HistoryPoint first = points.get(0);
                assertEquals(3, first.count(), "two samples before the stop, one after: " + first);
                assertEquals(4, first.min());
                assertEquals(8, first.avg(), 1e-9);
                assertEquals(12, first.max());
            }
        }
    }
}
