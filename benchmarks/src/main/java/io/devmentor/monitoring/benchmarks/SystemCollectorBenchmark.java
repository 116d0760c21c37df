package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import java.util.List;
import java.util.ServiceLoader;
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
 * One round of the {@code system} collector (CPU, memory, file systems, network, JVM) on this machine, as the
 * engine runs it every {@code METRICS_COLLECTION_INTERVAL} (5 s by default), at rest too.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main SystemCollectorBenchmark \
 *     -jvmArgsAppend -XX:TieredStopAtLevel=1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SystemCollectorBenchmark {

    private MetricsCollector collector;

    @Setup
    public void setUp() throws Exception {
        for (MetricsCollectorProvider provider : ServiceLoader.load(MetricsCollectorProvider.class)) {
            if (provider.name().equals("system")) {
                collector = provider.create(PredictorBenchmark.pluginContext());
                return;
            }
        }
        throw new IllegalStateException("no system collector on the class path");
    }

    @Benchmark
    public List<MetricSample> collect() throws Exception {
        return collector.collect();
    }
}
