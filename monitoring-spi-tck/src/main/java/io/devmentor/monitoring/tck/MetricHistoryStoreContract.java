package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link MetricHistoryStore}: samples roll up into minute steps (min, mean, max,
 * count), longer steps fold the minutes, a query is oldest first over {@code [from, to)} and holds only steps with
 * samples, series with other tags are kept apart, and concurrent appends are all counted. The samples are of the
 * last two hours, within every store's retention.
 *
 * <p>Extend it and say how to make an empty store; each test gets a new one, closed after it.
 */
public abstract class MetricHistoryStoreContract {

    private static final double EPSILON = 1e-9;

    private MetricHistoryStore store;
    /** The start of a whole hour, an hour or two ago. */
    private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

    /** For a plugin's test to extend. */
    protected MetricHistoryStoreContract() {
    }

    /**
     * Makes an empty store for one test.
     *
     * @return the store
     * @throws Exception when it cannot be made
     */
    protected abstract MetricHistoryStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    private static MetricSample cpu(double value) {
        return MetricSample.gauge("system.cpu.usage.percent", value, Map.of());
    }

    private static MetricSample latency(String service, double value) {
        return MetricSample.gauge("service.response.time", value, Map.of("service", service));
    }

    @Test
    void samplesRollUpIntoMinutes() throws Exception {
        // Every 10 s for 3 minutes: the minute's number times 10, plus 0 to 5.
        for (int i = 0; i < 18; i++) {
            store.append(List.of(cpu((i / 6) * 10 + (i % 6))), hour.plusSeconds(10L * i));
        }
        List<HistoryPoint> minutes = store.query("system.cpu.usage.percent", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(1));
        assertEquals(3, minutes.size(), "three minutes hold samples: " + minutes);
        for (int m = 0; m < 3; m++) {
            HistoryPoint point = minutes.get(m);
            assertEquals(hour.plus(m, ChronoUnit.MINUTES), point.start(), "oldest first, on the minute");
            assertEquals(m * 10, point.min(), EPSILON);
            assertEquals(m * 10 + 2.5, point.avg(), EPSILON);
            assertEquals(m * 10 + 5, point.max(), EPSILON);
            assertEquals(6, point.count());
        }
    }

    @Test
    void longerStepsFoldTheMinutes() throws Exception {
        for (int minute = 0; minute < 10; minute++) {
            for (int s = 0; s < 60; s += 20) {
                store.append(List.of(cpu(minute)), hour.plus(minute, ChronoUnit.MINUTES).plusSeconds(s));
            }
        }
        List<HistoryPoint> fives = store.query("system.cpu.usage.percent", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(5));
        assertEquals(2, fives.size(), fives.toString());
        assertEquals(hour, fives.get(0).start());
        assertEquals(0, fives.get(0).min(), EPSILON);
        assertEquals(2, fives.get(0).avg(), EPSILON);
        assertEquals(4, fives.get(0).max(), EPSILON);
        assertEquals(15, fives.get(0).count());
        assertEquals(hour.plus(5, ChronoUnit.MINUTES), fives.get(1).start());
        assertEquals(7, fives.get(1).avg(), EPSILON);
        assertEquals(15, fives.get(1).count());
    }

    @Test
    void aQueryCoversFromInclusiveToExclusive() throws Exception {
        for (int minute = 0; minute < 6; minute++) {
            store.append(List.of(cpu(minute)), hour.plus(minute, ChronoUnit.MINUTES).plusSeconds(30));
        }
        List<HistoryPoint> middle = store.query("system.cpu.usage.percent", hour.plus(2, ChronoUnit.MINUTES),
                hour.plus(4, ChronoUnit.MINUTES), Duration.ofMinutes(1));
        assertEquals(List.of(hour.plus(2, ChronoUnit.MINUTES), hour.plus(3, ChronoUnit.MINUTES)),
                middle.stream().map(HistoryPoint::start).toList());
        assertTrue(store.query("system.cpu.usage.percent", hour.minus(2, ChronoUnit.HOURS),
                hour.minus(1, ChronoUnit.HOURS), Duration.ofMinutes(1)).isEmpty(), "no samples then");
    }

    @Test
    void seriesWithOtherTagsAreKeptApart() throws Exception {
        store.append(List.of(latency("auth", 0.1), latency("web", 0.9), cpu(50)), hour.plusSeconds(5));
        store.append(List.of(latency("auth", 0.3)), hour.plusSeconds(15));
        List<HistoryPoint> auth = store.query("service.response.time{service=auth}", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(1));
        assertEquals(1, auth.size());
        assertEquals(0.2, auth.get(0).avg(), EPSILON);
        assertEquals(2, auth.get(0).count());
        List<HistoryPoint> web = store.query("service.response.time{service=web}", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(1));
        assertEquals(0.9, web.get(0).avg(), EPSILON);
        assertEquals(1, web.get(0).count());
        assertTrue(store.query("service.response.time{service=nope}", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(1)).isEmpty());
    }

    @Test
    void concurrentAppendsAreAllCounted() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> appends = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                appends.add(threads.submit(() -> {
                    store.append(List.of(cpu(n % 10)), hour.plusSeconds(n % 120));
                    return null;
                }));
            }
            for (Future<?> append : appends) {
                append.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<HistoryPoint> minutes = store.query("system.cpu.usage.percent", hour, hour.plusSeconds(3600),
                Duration.ofMinutes(1));
        assertEquals(400, minutes.stream().mapToLong(HistoryPoint::count).sum(), minutes.toString());
        assertEquals(0, minutes.stream().mapToDouble(HistoryPoint::min).min().orElseThrow(), EPSILON);
        assertEquals(9, minutes.stream().mapToDouble(HistoryPoint::max).max().orElseThrow(), EPSILON);
    }
}
