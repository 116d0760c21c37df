package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU cost of the Docker adapter watching many containers: stats of each every 5 s, their state checked
 * on the default interval, the event stream open. Run by {@code benchmarks/docker-stats.sh}, which starts a
 * private podman API service with the containers.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.DockerStatsBenchmark \
 *     --docker-host unix:///tmp/…/podman.sock [--containers 50] [--interval-ms 5000] [--seconds 120]</pre>
 */
public final class DockerStatsBenchmark {

    private DockerStatsBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args options, see the class comment
     * @throws Exception when the engine cannot start
     */
    public static void main(String[] args) throws Exception {
        String host = given(args, "--docker-host").orElse(null);
        if (host == null) {
            System.err.println("--docker-host is required (benchmarks/docker-stats.sh sets it)");
            System.exit(2);
        }
        int containers = Integer.parseInt(option(args, "--containers", "50"));
        long intervalMs = Long.parseLong(option(args, "--interval-ms", "5000"));
        int seconds = Integer.parseInt(option(args, "--seconds", "120"));
        Path dir = Files.createTempDirectory("docker-bench");
        MonitoringConfiguration configuration = MonitoringConfiguration.fromEnvironment(Map.of(
                "DOCKER_HOST", host,
                "METRICS_COLLECTION_INTERVAL", Long.toString(intervalMs),
                "MONITORING_DATA_DIR", dir.resolve("data").toString()), dir);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Monitoring monitoring = Monitoring.builder().configuration(configuration).build()) {
            monitoring.start();
            long warmupEnds = System.nanoTime() + 30_000_000_000L;
            while (containersWithMemory(monitoring) < containers) {
                if (System.nanoTime() > warmupEnds) {
                    System.err.println("only " + containersWithMemory(monitoring) + " of " + containers
                            + " containers reported stats in 30 s");
                    System.exit(1);
                }
                Thread.sleep(200);
            }
            Thread.sleep(2 * intervalMs);
            long processBefore = os.getProcessCpuTime();
            Map<String, Long> groupsBefore = cpuByThreadGroup(threads);
            long wallBefore = System.nanoTime();
            long samples = 0;
            long rounds = 0;
            List<MetricSample> last = List.of();
            while (System.nanoTime() - wallBefore < seconds * 1_000_000_000L) {
                Thread.sleep(intervalMs);
                List<MetricSample> now = monitoring.samples().getOrDefault("docker", List.of());
                if (now != last) {
                    rounds++;
                    samples += now.size();
                    last = now;
                }
            }
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            double process = (os.getProcessCpuTime() - processBefore) / 1e9;
            Map<String, Long> groupsAfter = cpuByThreadGroup(threads);
            System.out.printf("containers watched:            %d (%d services)%n", containersWithMemory(monitoring),
                    monitoring.services().size());
            System.out.printf("stats interval:                %d ms, measured over %.0f s (~%d rounds, %d samples"
                    + " per round)%n", intervalMs, wall, rounds, rounds == 0 ? 0 : samples / rounds);
            System.out.printf("whole process CPU:             %.2f %% of one core%n", 100 * process / wall);
            System.out.println("by thread group, percent of one core:");
            groupsAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - groupsBefore.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-28s %6.2f%n", e.getKey(), 100 * e.getValue() / 1e9 / wall));
        }
    }

    private static long containersWithMemory(Monitoring monitoring) {
        return monitoring.samples().getOrDefault("docker", List.of()).stream()
                .filter(s -> s.name().equals("container.memory.usage")).count();
    }

    /**
     * CPU time of the live threads by group: the name less the engine's id and the thread's number
     * ({@code monitoring-1a2b-worker-3} → {@code monitoring-worker}). Threads that ended meanwhile are not
     * counted; the pools here live as long as the engine.
     */
    private static Map<String, Long> cpuByThreadGroup(ThreadMXBean threads) {
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                String group = info.getThreadName().replaceAll("-[0-9a-f]{6,8}-", "-").replaceAll("-?[0-9]+$", "");
                groups.merge(group, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return groups;
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
