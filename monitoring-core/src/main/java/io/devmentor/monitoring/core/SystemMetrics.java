package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The system's resources at one moment, as the {@code system} collector reads them. Values a platform does
 * not report are -1.
 *
 * @param timestamp when they were read
 * @param cpu processor usage and load
 * @param memory physical memory
 * @param swap swap space
 * @param disks each file system
 * @param network traffic rates over all interfaces but loopback
 * @param jvm the monitoring JVM itself
 */
public record SystemMetrics(Instant timestamp, Cpu cpu, Memory memory, Memory swap, List<Disk> disks,
        Network network, Jvm jvm) {

    /** Validates and copies the components. */
    public SystemMetrics {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(swap, "swap");
        disks = List.copyOf(disks);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(jvm, "jvm");
    }

    /**
     * Processor usage.
     *
     * @param usage percent of all cores busy, 0–100
     * @param cores logical processors
     * @param load1 load average over 1 minute
     * @param load5 load average over 5 minutes
     * @param load15 load average over 15 minutes
     */
    public record Cpu(double usage, int cores, double load1, double load5, double load15) {
    }

    /**
     * A bounded amount of memory.
     *
     * @param used bytes in use
     * @param total bytes in all
     */
    public record Memory(long used, long total) {
        /**
         * The share in use.
         *
         * @return percent, 0–100; 0 when the total is unknown
         */
        public double usagePercent() {
            return total > 0 ? 100.0 * used / total : 0;
        }
    }

    /**
     * One file system.
     *
     * @param mount where it is mounted
     * @param used bytes in use
     * @param total bytes in all
     */
    public record Disk(String mount, long used, long total) {
    }

    /**
     * Network traffic.
     *
     * @param rxBytesPerSecond bytes received per second
     * @param txBytesPerSecond bytes sent per second
     */
    public record Network(double rxBytesPerSecond, double txBytesPerSecond) {
    }

    /**
     * The JVM that runs the engine.
     *
     * @param heapUsed heap bytes in use
     * @param heapMax the heap's limit, -1 when unbounded
     * @param threads live threads
     */
    public record Jvm(long heapUsed, long heapMax, int threads) {
    }

    /** Reads the well-known series of the {@code system} collector; missing ones become -1. */
    public static SystemMetrics fromSamples(Instant at, Collection<MetricSample> samples) {
        Map<String, Double> plain = new HashMap<>();
        Map<String, Double> loads = new HashMap<>();
        Map<String, long[]> disks = new HashMap<>();
        for (MetricSample sample : samples) {
            String mount = sample.tags().get("mount");
            switch (sample.name()) {
                case "system.load.average":
                    loads.put(sample.tags().getOrDefault("period", ""), sample.value());
                    break;
                case "system.filesystem.usage":
                    disks.computeIfAbsent(mount, k -> new long[2])[0] = (long) sample.value();
                    break;
                case "system.filesystem.total":
                    disks.computeIfAbsent(mount, k -> new long[2])[1] = (long) sample.value();
                    break;
                default:
                    if (sample.tags().isEmpty()) {
                        plain.put(sample.name(), sample.value());
                    }
            }
        }
        List<Disk> diskList = new ArrayList<>();
        disks.forEach((mount, usedTotal) -> {
            if (mount != null) {
                diskList.add(new Disk(mount, usedTotal[0], usedTotal[1]));
            }
        });
        diskList.sort(Comparator.comparing(Disk::mount));
        return new SystemMetrics(at,
                new Cpu(plain.getOrDefault("system.cpu.usage.percent", -1.0),
                        plain.getOrDefault("system.cpu.cores", -1.0).intValue(),
                        loads.getOrDefault("1m", -1.0), loads.getOrDefault("5m", -1.0), loads.getOrDefault("15m", -1.0)),
                new Memory(plain.getOrDefault("system.memory.usage", -1.0).longValue(),
                        plain.getOrDefault("system.memory.total", -1.0).longValue()),
                new Memory(plain.getOrDefault("system.swap.usage", -1.0).longValue(),
                        plain.getOrDefault("system.swap.total", -1.0).longValue()),
                diskList,
                new Network(plain.getOrDefault("system.network.received", -1.0),
                        plain.getOrDefault("system.network.sent", -1.0)),
                new Jvm(plain.getOrDefault("jvm.heap.used", -1.0).longValue(),
                        plain.getOrDefault("jvm.heap.max", -1.0).longValue(),
                        plain.getOrDefault("jvm.threads.current", -1.0).intValue()));
    }
}
