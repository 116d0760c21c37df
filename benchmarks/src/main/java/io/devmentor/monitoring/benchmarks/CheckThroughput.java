package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The health-check load harness: N HTTP targets on loopback (in a child process, {@link TargetFleet}), each
 * checked every interval, for a while.
 * Prints checks per second, schedule delay p50 and p99, the engine's CPU seconds per 1,000 checks, and
 * heap per target.
 *
 * <p>With {@code --events-per-second N}, a thread of its own publishes N events a second beside the checks, and the
 * harness prints how many the event store wrote a second, and how many were left waiting or dropped: the event
 * store is {@code MONITORING_EVENT_STORE} from the environment ({@code memory} unless set; {@code h2} in the data
 * directory, or {@code postgres} with {@code DATABASE_URL}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.CheckThroughput \
 *     [--targets 1000] [--interval-ms 1000] [--seconds 60] [--warmup-seconds 10] [--events-per-second 0]</pre>
 */
public final class CheckThroughput {

    private CheckThroughput() {
    }

    /**
     * Runs the harness.
     *
     * @param args options, see the class comment
     * @throws Exception when the targets cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = parse(args);
        int targets = options.getOrDefault("targets", 1000);
        int intervalMs = options.getOrDefault("interval-ms", 1000);
        int seconds = options.getOrDefault("seconds", 60);
        int warmup = options.getOrDefault("warmup-seconds", 10);
        int eventsPerSecond = options.getOrDefault("events-per-second", 0);

        Process fleet = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), TargetFleet.class.getName(),
                Integer.toString(targets))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(fleet.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("ports: ")) {
            fleet.destroyForcibly();
            throw new IOException("the target fleet did not start: " + line);
        }
        String[] ports = line.substring("ports: ".length()).trim().split(" ", -1);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(memory);

        Path dir = Files.createTempDirectory("check-throughput");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, String> environment = new HashMap<>(Map.of(
                "MONITORING_DATA_DIR", dir.toString(), "METRICS_COLLECTION_INTERVAL", "5000"));
        for (String passed : java.util.List.of("MONITORING_EVENT_STORE", "DATABASE_URL")) {
            if (System.getenv(passed) != null) {
                environment.put(passed, System.getenv(passed));
            }
        }
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(environment, dir))
                .meterRegistry(registry);
        for (int i = 0; i < targets; i++) {
            builder.service(ServiceDefinition.builder("target-" + i)
                    .url("http://127.0.0.1:" + ports[i])
                    .interval(Duration.ofMillis(intervalMs)).timeout(Duration.ofSeconds(2)).build());
        }
        System.out.printf("%d targets, every %d ms, %d s warm-up, %d s measured, %d cores, %d events a second into"
                + " the %s event store%n", targets, intervalMs, warmup, seconds, Runtime.getRuntime().availableProcessors(),
                eventsPerSecond, environment.getOrDefault("MONITORING_EVENT_STORE", "memory"));
        java.util.concurrent.ScheduledExecutorService publisher = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "event-publisher"));
        try (Monitoring monitoring = builder.build()) {
            monitoring.start();
            if (eventsPerSecond > 0) {
                // A hundred bursts a second, each of a hundredth of the rate: events of many sources and types.
                java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
                java.util.concurrent.Future<?> publishing = publisher.scheduleAtFixedRate(() -> {
                    for (int i = 0; i < Math.max(1, eventsPerSecond / 100); i++) {
                        long n = sequence.incrementAndGet();
                        monitoring.publish(io.devmentor.monitoring.api.MonitoringEvent.of(n % 2 == 0 ? "bench.tick"
                                : "bench.tock", "source-" + n % 500, java.time.Instant.now(),
                                io.devmentor.monitoring.api.Severity.INFO, Map.of("n", n, "text", "event " + n)));
                    }
                }, 10, 10, TimeUnit.MILLISECONDS);
                if (publishing.isDone()) {
                    publishing.get(); // throws what stopped it
                }
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));

            Timer delay = registry.get("health.check.schedule.delay").timer();
            double checksBefore = totalChecks(registry);
            double storedBefore = counted(registry, "monitoring.events.stored");
            double failuresBefore = failedChecks(registry);
            long engineCpuBefore = engineCpuNanos();
            long processCpuBefore = processCpuNanos();
            long started = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double elapsed = (System.nanoTime() - started) / 1e9;
            double checks = totalChecks(registry) - checksBefore;
            double stored = counted(registry, "monitoring.events.stored") - storedBefore;
            double failures = failedChecks(registry) - failuresBefore;
            double engineCpu = (engineCpuNanos() - engineCpuBefore) / 1e9;
            double processCpu = (processCpuNanos() - processCpuBefore) / 1e9;
            long heapAfter = settledHeap(memory);

            System.out.printf("checks/s: %.1f (%.0f checks, %.0f failed)%n", checks / elapsed, checks, failures);
            for (ValueAtPercentile p : delay.takeSnapshot().percentileValues()) {
                System.out.printf("schedule delay p%.0f: %.2f ms%n", p.percentile() * 100,
                        p.value(TimeUnit.MILLISECONDS));
            }
            System.out.printf("schedule delay max (last window): %.2f ms%n", delay.max(TimeUnit.MILLISECONDS));
            System.out.printf("CPU s per 1,000 checks: %.3f (whole process %.1f s in %.0f s; engine threads %.1f s)%n",
                    processCpu / (checks / 1000), processCpu, elapsed, engineCpu);
            if (eventsPerSecond > 0) {
                System.out.printf("events stored/s: %.1f (waiting at the end %.0f, dropped %.0f, store errors %.0f)%n",
                        stored / elapsed, registry.get("monitoring.events.store.pending").gauge().value(),
                        counted(registry, "monitoring.events.store.dropped"),
                        counted(registry, "monitoring.events.store.errors"));
            }
            System.out.printf("heap per target: %.1f KiB (%.1f MiB for %d services)%n",
                    (heapAfter - heapBefore) / 1024.0 / targets, (heapAfter - heapBefore) / 1048576.0, targets);
            publisher.shutdownNow();
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            publisher.shutdownNow();
            fleet.destroy();
        }
    }

    private static double counted(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double totalChecks(SimpleMeterRegistry registry) {
        return registry.find("health.check.results").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static double failedChecks(SimpleMeterRegistry registry) {
        return registry.find("health.check.results").tag("status", "down").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** CPU time of the engine's own threads (scheduler, workers, dispatch, the HTTP checker's client). */
    private static long engineCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info != null && (info.getThreadName().startsWith("monitoring-")
                    || info.getThreadName().startsWith("HttpClient-"))) {
                long cpu = threads.getThreadCpuTime(id);
                if (cpu > 0) {
                    total += cpu;
                }
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), Integer.parseInt(args[i + 1]));
        }
        return options;
    }
}
