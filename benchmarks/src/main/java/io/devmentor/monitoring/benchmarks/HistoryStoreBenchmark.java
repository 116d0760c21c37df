package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * History inserts per second into a history store found by {@link ServiceLoader}, as the engine appends
 * them (one call per collection round, one sample per series), and query latency over what was written.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.HistoryStoreBenchmark \
 *     --store postgres --database-url postgresql://postgres@127.0.0.1:5432/bench [--series 1000] [--seconds 30]</pre>
 */
public final class HistoryStoreBenchmark {

    private HistoryStoreBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args options, see the class comment
     * @throws Exception when the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        String storeName = option(args, "--store", "postgres");
        int series = Integer.parseInt(option(args, "--series", "1000"));
        int seconds = Integer.parseInt(option(args, "--seconds", "30"));
        Path dir = Files.createTempDirectory("history-bench");
        Map<String, String> settings = new java.util.HashMap<>();
        given(args, "--database-url").ifPresent(url -> settings.put("DATABASE_URL", url));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        PluginContext context = new PluginContext() {
            @Override
            public Optional<String> setting(String key) {
                return Optional.ofNullable(settings.get(key));
            }

            @Override
            public java.util.Optional<Path> dataDirectory() {
                return java.util.Optional.of(dir);
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }
        };
        MetricHistoryStoreProvider provider = ServiceLoader.load(MetricHistoryStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(storeName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no history store named " + storeName));
        try (MetricHistoryStore store = provider.create(context)) {
            // Rounds a second apart in the store's time, written as fast as the store takes them.
            Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            List<MetricSample> round = new ArrayList<>(series);
            long rounds = 0;
            long began = System.nanoTime();
            long end = began + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                round.clear();
                for (int s = 0; s < series; s++) {
                    round.add(MetricSample.gauge("bench.value", (rounds * 7 + s) % 100,
                            Map.of("service", "svc-" + s)));
                }
                store.append(round, start.plusSeconds(rounds));
                rounds++;
            }
            double wall = (System.nanoTime() - began) / 1e9;
            System.out.printf("store %s, %d series: %d rounds (%d s of history) in %.1f s: %.0f samples/s%n",
                    storeName, series, rounds, rounds, wall, rounds * series / wall);

            Instant to = start.plusSeconds(rounds);
            long[] nanos = new long[500];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                List<HistoryPoint> points = store.query("bench.value{service=svc-" + (i % series) + "}", start, to,
                        Duration.ofMinutes(i % 2 == 0 ? 1 : 5));
                nanos[i] = System.nanoTime() - t;
                if (points.isEmpty()) {
                    throw new IllegalStateException("nothing read back");
                }
            }
            Arrays.sort(nanos);
            System.out.printf("query of one series over %d min (1- and 5-minute steps): p50 %.2f ms, p99 %.2f ms%n",
                    rounds / 60, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        return given(args, name).orElse(fallback);
    }

    private static Optional<String> given(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }
}
