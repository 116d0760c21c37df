package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MetricSample;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The system metrics as a binder of their own: against what the kernel says, and read once a second. */
class SystemMeterBinderTest {

    @Test
    void boundToAHostsRegistryItReadsThisMachineAsTheKernelSaysIt() throws IOException {
        MeterRegistry registry = new SimpleMeterRegistry();
        new SystemMeterBinder().bindTo(registry);

        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElseThrow();
        assertEquals(memTotalKb * 1024.0, registry.get("system.memory.total").gauge().value());
        assertEquals("bytes", registry.get("system.memory.total").gauge().getId().getBaseUnit());
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("processor")).count();
        assertEquals(processors, registry.get("system.cpu.cores").gauge().value());
        double cpu = registry.get("system.cpu.usage.percent").gauge().value();
        assertTrue(cpu >= 0 && cpu <= 100, "a percentage: " + cpu);
        double received = registry.get("system.network.received").gauge().value();
        assertTrue(received >= 0, "a rate from the second reading on: " + received);
        assertTrue(registry.get("jvm.threads.current").gauge().value() >= 1);
    }

    @Test
    void oneReadingServesEveryGaugeForASecondAndASeriesThatVanishesReadsNaN() {
        AtomicLong nanos = new AtomicLong();
        List<Integer> readings = new ArrayList<>();
        SystemMeterBinder binder = new SystemMeterBinder(() -> {
            readings.add(readings.size());
            int n = readings.size();
            List<MetricSample> samples = new ArrayList<>(List.of(
                    MetricSample.gauge("system.memory.usage", 100.0 * n, Map.of()).withBaseUnit("bytes"),
                    MetricSample.gauge("system.cpu.usage.percent", n, Map.of())));
            if (n == 2) {
                samples.add(MetricSample.gauge("system.network.received", 5, Map.of()));
            }
            return samples;
        }, nanos::get);
        MeterRegistry registry = new SimpleMeterRegistry();
        binder.bindTo(registry);
        assertEquals(2, readings.size(), "two readings at bind, so that rates are known");

        assertEquals(200.0, registry.get("system.memory.usage").gauge().value());
        assertEquals(2.0, registry.get("system.cpu.usage.percent").gauge().value());
        assertEquals(5.0, registry.get("system.network.received").gauge().value());
        nanos.addAndGet(999_000_000L);
        assertEquals(2.0, registry.get("system.cpu.usage.percent").gauge().value());
        assertEquals(2, readings.size(), "a second's scrapes share one reading");

        nanos.addAndGet(1_000_000L);
        assertEquals(300.0, registry.get("system.memory.usage").gauge().value());
        assertEquals(3.0, registry.get("system.cpu.usage.percent").gauge().value());
        assertEquals(3, readings.size());
        assertTrue(Double.isNaN(registry.get("system.network.received").gauge().value()),
                "a series the machine no longer reports has no value, not its last one");
    }
}
