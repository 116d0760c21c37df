package io.devmentor.monitoring.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricsCollector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per watched container: CPU %, memory usage and limit, network and block I/O bytes, and restarts, tagged
 * with the container and its service. Names follow cAdvisor's where one exists
 * ({@code container_memory_usage_bytes}, {@code container_network_receive_bytes_total}).
 */
final class DockerStatsCollector implements MetricsCollector {

    private static final Logger log = LoggerFactory.getLogger(DockerStatsCollector.class);
    private static final long ROUND_DEADLINE_MILLIS = 4_000;

    private final DockerApi api;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread t = new Thread(runnable, "docker-stats");
        t.setDaemon(true);
        return t;
    });
    // Only the collector's thread touches these (the engine never runs collect() concurrently with itself).
    private Map<String, CpuReading> previousCpu = new HashMap<>();
    private boolean reachable = true;

    /** The cumulative CPU counters of one reading; CPU % is the change between two. */
    private record CpuReading(long containerNanos, long systemNanos) {
    }

    /** What one container's round brought back. */
    private record Reading(DockerApi.Watched container, Statistics stats, Integer restarts) {
    }

    DockerStatsCollector(DockerApi api) {
        this.api = api;
    }

    @Override
    public List<MetricSample> collect() throws InterruptedException {
        List<DockerApi.Watched> watched;
        try {
            watched = api.watched();
        } catch (RuntimeException e) {
            if (reachable) {
                reachable = false;
                log.warn("Docker at {} cannot be reached ({}); no container metrics until it answers", api.host(),
                        DockerDiscovery.rootMessage(e));
            }
            previousCpu = new HashMap<>();
            return List.of();
        }
        if (!reachable) {
            reachable = true;
            log.info("Docker at {} answers again; collecting container metrics", api.host());
        }
        List<Future<Reading>> pending = new ArrayList<>();
        int running = 0;
        for (DockerApi.Watched container : watched) {
            if (container.state().equals("running")) {
                running++;
                pending.add(threads.submit(() -> read(container)));
            }
        }
        List<MetricSample> samples = new ArrayList<>();
        samples.add(MetricSample.gauge("docker.containers", watched.size(), Map.of("state", "watched")));
        samples.add(MetricSample.gauge("docker.containers", running, Map.of("state", "running")));
        Map<String, CpuReading> cpu = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_DEADLINE_MILLIS);
        for (Future<Reading> future : pending) {
            Reading reading;
            try {
                reading = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                log.debug("container stats not read: {}", String.valueOf(e.getCause()));
                continue;
            } catch (TimeoutException e) {
                future.cancel(true);
                log.debug("container stats not read in time");
                continue;
            }
            add(reading, samples, cpu);
        }
        previousCpu = cpu;
        return samples;
    }

    private Reading read(DockerApi.Watched container) throws java.io.IOException {
        Statistics stats = api.stats(container.id());
        InspectContainerResponse inspection = api.inspect(container.id());
        return new Reading(container, stats, inspection.getRestartCount());
    }

    private void add(Reading reading, List<MetricSample> samples, Map<String, CpuReading> cpu) {
        DockerApi.Watched container = reading.container();
        Statistics stats = reading.stats();
        Map<String, String> tags = Map.of("container", container.name(), "service", container.service());
        CpuStatsConfig cpuStats = stats.getCpuStats();
        if (cpuStats != null && cpuStats.getCpuUsage() != null && cpuStats.getCpuUsage().getTotalUsage() != null
                && cpuStats.getSystemCpuUsage() != null) {
            CpuReading now = new CpuReading(cpuStats.getCpuUsage().getTotalUsage(), cpuStats.getSystemCpuUsage());
            cpu.put(container.id(), now);
            CpuReading before = previousCpu.get(container.id());
            long systemDelta = before == null ? 0 : now.systemNanos() - before.systemNanos();
            long containerDelta = before == null ? 0 : now.containerNanos() - before.containerNanos();
            if (systemDelta > 0 && containerDelta >= 0) {
                long cpus = cpuStats.getOnlineCpus() != null && cpuStats.getOnlineCpus() > 0 ? cpuStats.getOnlineCpus()
                        : Math.max(1, Runtime.getRuntime().availableProcessors());
                samples.add(MetricSample.gauge("container.cpu.usage.percent",
                        100.0 * containerDelta / systemDelta * cpus, tags));
            }
            samples.add(MetricSample.counter("container.cpu.usage", now.containerNanos() / 1e9, tags)
                    .withBaseUnit("seconds"));
        }
        MemoryStatsConfig memory = stats.getMemoryStats();
        if (memory != null && memory.getUsage() != null) {
            samples.add(MetricSample.gauge("container.memory.usage", workingSet(memory), tags).withBaseUnit("bytes"));
            if (memory.getLimit() != null && memory.getLimit() > 0) {
                samples.add(MetricSample.gauge("container.memory.limit", memory.getLimit(), tags)
                        .withBaseUnit("bytes"));
            }
        }
        Map<String, StatisticNetworksConfig> networks = stats.getNetworks();
        if (networks != null && !networks.isEmpty()) {
            long rx = 0;
            long tx = 0;
            for (StatisticNetworksConfig network : networks.values()) {
                rx += network.getRxBytes() == null ? 0 : network.getRxBytes();
                tx += network.getTxBytes() == null ? 0 : network.getTxBytes();
            }
            samples.add(MetricSample.counter("container.network.receive", rx, tags).withBaseUnit("bytes"));
            samples.add(MetricSample.counter("container.network.transmit", tx, tags).withBaseUnit("bytes"));
        }
        if (stats.getBlkioStats() != null && stats.getBlkioStats().getIoServiceBytesRecursive() != null) {
            long read = 0;
            long written = 0;
            for (BlkioStatEntry entry : stats.getBlkioStats().getIoServiceBytesRecursive()) {
                String op = entry.getOp() == null ? "" : entry.getOp().toLowerCase(Locale.ROOT);
                long value = entry.getValue() == null ? 0 : entry.getValue();
                if (op.equals("read")) {
                    read += value;
                } else if (op.equals("write")) {
                    written += value;
                }
            }
            samples.add(MetricSample.counter("container.fs.reads", read, tags).withBaseUnit("bytes"));
            samples.add(MetricSample.counter("container.fs.writes", written, tags).withBaseUnit("bytes"));
        }
        if (reading.restarts() != null) {
            samples.add(MetricSample.counter("container.restarts", reading.restarts(), tags));
        }
    }

    /** Memory in use less the page cache the kernel can drop, as {@code docker stats} shows it. */
    private static long workingSet(MemoryStatsConfig memory) {
        long usage = memory.getUsage();
        StatsConfig detail = memory.getStats();
        if (detail == null) {
            return usage;
        }
        Long reclaimable = detail.getInactiveFile() != null ? detail.getInactiveFile()
                : detail.getTotalInactiveFile() != null ? detail.getTotalInactiveFile() : detail.getCache();
        return reclaimable == null || reclaimable > usage ? usage : usage - reclaimable;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        api.close();
    }
}
