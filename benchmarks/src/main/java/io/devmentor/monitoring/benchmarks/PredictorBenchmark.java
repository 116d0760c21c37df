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
        PluginContext context = new PluginContext() {
            @Override
            public Optional<String> setting(String key) {
                return Optional.empty();
            }

            @Override
            public Path dataDirectory() {
                return Path.of(System.getProperty("java.io.tmpdir"));
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ScheduledExecutorService scheduler() {
                throw new UnsupportedOperationException("not for predictors");
            }
        };
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

    /**
     * Prints the heap that each monitored series costs the predictors.
     *
     * @param args the number of series, default 10,000
     */
    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Predictor> predictors = predictors();
        long before = usedAfterGc();
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        for (int round = 0; round < 3; round++) {
            for (int s = 0; s < series; s++) {
                MetricSample sample = MetricSample.gauge("app.queue.depth", 100 + round,
                        Map.of("service", "svc-" + s));
                for (Predictor predictor : predictors) {
                    predictor.observe(sample, at.plusSeconds(60L * round));
                }
            }
        }
        long after = usedAfterGc();
        System.out.printf("%d predictor(s) %s, %d series: %.0f bytes per series%n", predictors.size(),
                predictors.stream().map(Predictor::type).toList(), series, (double) (after - before) / series);
        if (predictors.isEmpty()) {
            System.exit(1);
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
