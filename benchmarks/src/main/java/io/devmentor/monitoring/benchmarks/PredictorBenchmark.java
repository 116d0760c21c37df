package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per sample of every predictor found by {@link ServiceLoader}, together, on one series, as the
 * engine calls them ({@code observe} for each). And, with {@link #main}, the memory each monitored series
 * costs them.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PredictorBenchmark
 * java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.PredictorBenchmark 10000</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictorBenchmark {

    private List<Predictor> predictors;
    private MetricSample[] samples;
    private long second;
    private int next;

    /** Creates the predictors and a day of a noisy daily pattern to feed them, round and round. */
    @Setup
    public void setUp() {
        predictors = predictors();
        samples = new MetricSample[1440];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = MetricSample.gauge("service.response.time",
                    0.2 + 0.1 * Math.sin(2 * Math.PI * i / 1440) + 0.01 * random.nextGaussian(),
                    Map.of("service", "checkout")).withBaseUnit("seconds");
        }
        second = Instant.parse("2026-11-01T00:00:00Z").getEpochSecond();
    }

    /**
     * One sample through every predictor.
     *
     * @return what the predictors saw, so that nothing is optimised away
     */
    @Benchmark
    public int observeOneSample() {
        MetricSample sample = samples[next++ % samples.length];
        Instant at = Instant.ofEpochSecond(second += 60);
        for (Predictor predictor : predictors) {
            predictor.observe(sample, at);
        }
        return next;
    }

    static List<Predictor> predictors() {
        PluginContext context = pluginContext();
        List<Predictor> found = new ArrayList<>();
        for (PredictorProvider provider : ServiceLoader.load(PredictorProvider.class)) {
            try {
                found.add(provider.create(context));
            } catch (Exception e) {
                throw new IllegalStateException(provider.name() + " cannot be created", e);
            }
        }
        return found;
    }

    /** What a plugin is given outside the engine: no settings, the temporary directory, the system clock. */
    static PluginContext pluginContext() {
        return new PluginContext() {
            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }

            @Override
            public java.util.Optional<Path> dataDirectory() {
                return java.util.Optional.of(Path.of(System.getProperty("java.io.tmpdir")));
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                throw new UnsupportedOperationException("no scheduler outside the engine");
            }
        };
    }

    /**
     * Prints the heap that each monitored series costs the predictors.
     *
     * @param args the number of series, default 10,000
     */
    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Predictor> predictors = predictors();
        if (predictors.isEmpty()) {
            System.exit(1);
        }
        System.out.printf("%d predictor(s) %s%n", predictors.size(), predictors.stream().map(Predictor::type).toList());
        System.out.printf("a gauge series, %d series, 3 values each: %.0f bytes per series%n", series,
                perSeries(predictors, series, 3, 60, s -> MetricSample.gauge("app.queue.depth", 100,
                        Map.of("service", "svc-" + s))));
        // A service checked every 2 seconds for 20 minutes: its response time and health, in every window.
        int services = Math.max(1, series / 10);
        System.out.printf("a service checked every 2 s, %d services, 20 minutes: %.0f bytes per service%n", services,
                perSeries(predictors, services, 600, 2, s -> MetricSample.gauge("service.response.time",
                        0.2 + 0.001 * (s % 7), Map.of("service", "svc-" + s)).withBaseUnit("seconds"),
                        s -> MetricSample.gauge("service.health.status", 1, Map.of("service", "svc-" + s))));
    }

    @SafeVarargs
    private static double perSeries(List<Predictor> predictors, int series, int rounds, int stepSeconds,
            java.util.function.IntFunction<MetricSample>... samples) {
        List<Predictor> fresh = predictors();
        long before = usedAfterGc();
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < series; s++) {
                for (java.util.function.IntFunction<MetricSample> sample : samples) {
                    for (Predictor predictor : fresh) {
                        predictor.observe(sample.apply(s), at.plusSeconds((long) stepSeconds * round));
                    }
                }
            }
        }
        long after = usedAfterGc();
        double bytes = (double) (after - before) / series;
        if (fresh.size() != predictors.size()) {
            throw new IllegalStateException("predictors changed");
        }
        return bytes;
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
