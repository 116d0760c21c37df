package io.devmentor.monitoring.oshi;

import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.spi.MetricsCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * System metrics with OSHI. Holds one {@link SystemInfo}; CPU usage and network rates are computed from
 * the previous round's counters, never by sleeping. Not thread-safe: the engine calls it from one thread.
 */
final class SystemMetricsCollector implements MetricsCollector {

    private static final int MAX_FILE_STORES = 64;
    private static final int NETWORK_REFRESH_ROUNDS = 60;
    /**
     * How often the list of file systems is read again. OSHI's listing costs about 5 ms (the mount table, each
     * device's identity); a file system's space alone, read every round, costs microseconds.
     */
    private static final int FILE_STORE_REFRESH_ROUNDS = 12;
    private static final Set<String> PSEUDO_FILE_SYSTEMS =
            Set.of("tmpfs", "devtmpfs", "overlay", "squashfs", "proc", "sysfs", "cgroup", "cgroup2", "nsfs");

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final MemoryMXBean jvmMemory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean jvmThreads = ManagementFactory.getThreadMXBean();

    private long[] previousTicks;
    private List<NetworkIF> interfaces;
    private List<String> mounts;
    private int roundsSinceFileStoreRefresh;
    private int roundsSinceNetworkRefresh;
    private long previousRx = -1;
    private long previousTx = -1;
    private long previousNetworkNanos;

    SystemMetricsCollector() {
        SystemInfo info = new SystemInfo();
        this.hardware = info.getHardware();
        this.os = info.getOperatingSystem();
        this.processor = hardware.getProcessor();
        this.memory = hardware.getMemory();
        // Zero ticks: the first round reports the average since boot rather than 0 over no time at all.
        this.previousTicks = new long[CentralProcessor.TickType.values().length];
        this.interfaces = hardware.getNetworkIFs(false);
        this.mounts = mounts();
    }

    @Override
    public List<MetricSample> collect() {
        List<MetricSample> samples = new ArrayList<>();
        cpu(samples);
        memory(samples);
        fileStores(samples);
        network(samples);
        jvm(samples);
        return samples;
    }

    private void cpu(List<MetricSample> samples) {
        double load = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        previousTicks = processor.getSystemCpuLoadTicks();
        samples.add(MetricSample.gauge("system.cpu.usage.percent", load * 100.0, Map.of()));
        samples.add(MetricSample.gauge("system.cpu.cores", processor.getLogicalProcessorCount(), Map.of()));
        double[] averages = processor.getSystemLoadAverage(3);
        String[] periods = {"1m", "5m", "15m"};
        for (int i = 0; i < averages.length; i++) {
            if (averages[i] >= 0) {
                samples.add(MetricSample.gauge("system.load.average", averages[i], Map.of("period", periods[i])));
            }
        }
    }

    private void memory(List<MetricSample> samples) {
        long total = memory.getTotal();
        long used = total - memory.getAvailable();
        samples.add(MetricSample.gauge("system.memory.usage", used, Map.of()).withBaseUnit("bytes"));
        samples.add(MetricSample.gauge("system.memory.total", total, Map.of()).withBaseUnit("bytes"));
        samples.add(MetricSample.gauge("system.memory.usage.percent", total > 0 ? 100.0 * used / total : 0, Map.of()));
        samples.add(MetricSample.gauge("system.swap.usage", memory.getVirtualMemory().getSwapUsed(), Map.of())
                .withBaseUnit("bytes"));
        samples.add(MetricSample.gauge("system.swap.total", memory.getVirtualMemory().getSwapTotal(), Map.of())
                .withBaseUnit("bytes"));
    }

    private void fileStores(List<MetricSample> samples) {
        if (++roundsSinceFileStoreRefresh >= FILE_STORE_REFRESH_ROUNDS) {
            mounts = mounts();
            roundsSinceFileStoreRefresh = 0;
        }
        for (String mount : mounts) {
            // The same figures OSHI gives (the file system's statistics), without listing the file systems again.
            java.io.File root = new java.io.File(mount);
            long total = root.getTotalSpace();
            if (total <= 0) {
                continue; // gone since the list was read
            }
            Map<String, String> tags = Map.of("mount", mount);
            samples.add(MetricSample.gauge("system.filesystem.usage", total - root.getUsableSpace(), tags)
                    .withBaseUnit("bytes"));
            samples.add(MetricSample.gauge("system.filesystem.total", total, tags).withBaseUnit("bytes"));
        }
    }

    /** The mount points of the real file systems, at most {@value #MAX_FILE_STORES}. */
    private List<String> mounts() {
        List<String> found = new ArrayList<>();
        for (OSFileStore store : os.getFileSystem().getFileStores(true)) {
            if (found.size() == MAX_FILE_STORES) {
                break;
            }
            if (store.getTotalSpace() > 0 && !PSEUDO_FILE_SYSTEMS.contains(store.getType())) {
                found.add(store.getMount());
            }
        }
        return List.copyOf(found);
    }

    private void network(List<MetricSample> samples) {
        if (++roundsSinceNetworkRefresh >= NETWORK_REFRESH_ROUNDS) {
            interfaces = hardware.getNetworkIFs(false);
            roundsSinceNetworkRefresh = 0;
        }
        long rx = 0;
        long tx = 0;
        for (NetworkIF nif : interfaces) {
            nif.updateAttributes();
            rx += nif.getBytesRecv();
            tx += nif.getBytesSent();
        }
        long now = System.nanoTime();
        if (previousRx >= 0 && now > previousNetworkNanos) {
            double seconds = (now - previousNetworkNanos) / 1e9;
            // Counters go back when an interface vanishes; report 0 rather than a negative rate.
            samples.add(MetricSample.gauge("system.network.received", Math.max(0, rx - previousRx) / seconds, Map.of())
                    .withBaseUnit("bytes_per_second"));
            samples.add(MetricSample.gauge("system.network.sent", Math.max(0, tx - previousTx) / seconds, Map.of())
                    .withBaseUnit("bytes_per_second"));
        }
        previousRx = rx;
        previousTx = tx;
        previousNetworkNanos = now;
    }

    private void jvm(List<MetricSample> samples) {
        MemoryUsage heap = jvmMemory.getHeapMemoryUsage();
        samples.add(MetricSample.gauge("jvm.heap.used", heap.getUsed(), Map.of()).withBaseUnit("bytes"));
        if (heap.getMax() > 0) {
            samples.add(MetricSample.gauge("jvm.heap.max", heap.getMax(), Map.of()).withBaseUnit("bytes"));
        }
        samples.add(MetricSample.gauge("jvm.threads.current", jvmThreads.getThreadCount(), Map.of()));
    }
}
