package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Records what the built-in collectors read on this machine, in a fresh engine with its defaults, at the default
 * collection interval, for a number of minutes: the trace that {@code PredictionTest} replays in simulated time
 * to show that a fresh engine raises no prediction in its first hour. One line a sample, tab-separated: epoch
 * milliseconds, name, tags ({@code k=v,k=v}), base unit, value.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.QuietMachineTrace 65 trace.tsv.gz</pre>
 */
public final class QuietMachineTrace {

    private QuietMachineTrace() {
    }

    /**
     * Records the trace.
     *
     * @param args minutes to record, and the gzip file to write
     * @throws Exception if the file cannot be written or the wait is interrupted
     */
    public static void main(String[] args) throws Exception {
        int minutes = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        Path data = Files.createTempDirectory("quiet-trace");
        CountDownLatch done = new CountDownLatch(1);
        try (PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(new GZIPOutputStream(
                Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
            MetricsCollectorProvider recorder = new MetricsCollectorProvider() {
                @Override
                public String name() {
                    return "trace";
                }

                @Override
                public MetricsCollector create(PluginContext context) throws Exception {
                    // The built-in system collector, made as the engine makes it; the engine runs its own as well.
                    MetricsCollectorProvider system = ServiceLoader.load(MetricsCollectorProvider.class).stream()
                            .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("system")).findFirst()
                            .orElseThrow();
                    MetricsCollector collector = system.create(context);
                    long end = context.clock().millis() + TimeUnit.MINUTES.toMillis(minutes);
                    return () -> {
                        long now = context.clock().millis();
                        for (MetricSample sample : collector.collect()) {
                            out.println(now + "\t" + sample.name() + "\t" + tags(sample.tags()) + "\t"
                                    + sample.baseUnit().orElse("") + "\t" + sample.value());
                        }
                        out.flush();
                        if (now >= end) {
                            done.countDown();
                        }
                        return List.of();
                    };
                }
            };
            try (Monitoring monitoring = Monitoring.builder()
                    .configuration(MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR",
                            data.toString()), data))
                    .metricsCollectorProvider(recorder).build()) {
                monitoring.start();
                done.await();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("recorded " + minutes + " minutes to " + file);
    }

    private static String tags(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
