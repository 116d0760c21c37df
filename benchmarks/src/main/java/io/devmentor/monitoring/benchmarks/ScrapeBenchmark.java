package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code /metrics} answer of an engine watching N services, each checked once, so that every meter a service
 * has is registered: what the server's Prometheus registry writes, without HTTP. {@code bareRegistry} is
 * Micrometer's floor: as many series, as gauges in eight families, straight on a Prometheus registry of their own.
 * {@code presortedSnapshots} is the Prometheus client's: the same families built without Micrometer, their series
 * in their labels' order (Micrometer hands them over in its hash map's, and the client sorts each family).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ScrapeBenchmark
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ScrapeBenchmark -jvmArgsAppend -XX:TieredStopAtLevel=1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xmx512m"})
public class ScrapeBenchmark {

    /** As many families as the engine has series a service: a counter, a timer's three, four gauges. */
    private static final int FAMILIES = 8;

    @Param("1000")
    public int services;

    private Path dir;
    private Monitoring monitoring;
    private PrometheusMeterRegistry engineRegistry;
    private PrometheusMeterRegistry bare;
    private String[] sortedNames = new String[0];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("scrape-benchmark");
        engineRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR",
                        dir.toString(), "METRICS_COLLECTION_INTERVAL", "3600000"), dir))
                .meterRegistry(engineRegistry)
                .healthChecker("probe", service -> CompletableFuture.completedFuture(
                        CheckResult.up(Instant.now(), Duration.ofMillis(2), "ok")));
        String[] names = new String[services];
        for (int i = 0; i < services; i++) {
            names[i] = "service-" + i;
            builder.service(ServiceDefinition.builder(names[i]).kind("probe").url("http://10.0.0.1/" + i)
                    .interval(Duration.ofHours(1)).build());
        }
        monitoring = builder.build();
        monitoring.start();
        for (String name : names) {
            monitoring.checkNow(name).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        int series = (int) engineRegistry.scrape().lines().filter(line -> !line.startsWith("#")).count();
        bare = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (int i = 0; i < series; i++) {
            int value = i;
            io.micrometer.core.instrument.Gauge.builder("bare.series." + (i % FAMILIES), () -> value)
                    .tag("service", "service-" + i / FAMILIES).register(bare);
        }
        sortedNames = names.clone();
        java.util.Arrays.sort(sortedNames);
        System.out.println("\n" + series + " series, " + engineRegistry.scrape().length() / 1024 + " KiB");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        monitoring.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public String engine() {
        return engineRegistry.scrape();
    }

    /** The Prometheus client's own floor for as many families of as many series, built in their labels' order. */
    @Benchmark
    public MetricSnapshots presortedSnapshots() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (int family = 0; family < FAMILIES; family++) {
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("presorted_series_" + family).help("a series");
            for (int i = 0; i < sortedNames.length; i++) {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("service", sortedNames[i])).value(i).build());
            }
            all.metricSnapshot(gauge.build());
        }
        return all.build();
    }

    @Benchmark
    public String bareRegistry() {
        return bare.scrape();
    }
}
