package io.devmentor.monitoring.oshi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.MetricSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The system collector on this machine, against what {@code df} says of the same file systems. */
class SystemMetricsCollectorTest {

    private static final long MIB = 1024 * 1024;

    /** {@code df}'s size and space available to a user, in bytes, of the file system at {@code mount}. */
    private static long[] df(String mount) throws IOException, InterruptedException {
        Process df = new ProcessBuilder("df", "-B1", "--output=size,avail", mount).redirectErrorStream(true).start();
        String out = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(df.waitFor(10, TimeUnit.SECONDS) && df.exitValue() == 0, "df " + mount + ": " + out);
        java.util.Scanner figures = new java.util.Scanner(out.lines().skip(1).findFirst().orElseThrow());
        return new long[] {figures.nextLong(), figures.nextLong()};
    }

    private static Map<String, Map<String, Double>> byMount(List<MetricSample> samples) {
        Map<String, Map<String, Double>> mounts = new HashMap<>();
        for (MetricSample sample : samples) {
            if (sample.name().startsWith("system.filesystem.")) {
                mounts.computeIfAbsent(sample.tags().get("mount"), m -> new HashMap<>()).put(sample.name(),
                        sample.value());
            }
        }
        return mounts;
    }

    @Test
    void everyRoundReportsEachFileSystemsSizeAndUseAsDfDoes() throws Exception {
        SystemMetricsCollector collector = new SystemMetricsCollector();
        collector.collect();
        // Rounds after the first read the space of the file systems the first listed.
        for (int round = 0; round < 3; round++) {
            Map<String, Map<String, Double>> mounts = byMount(collector.collect());
            assertFalse(mounts.isEmpty(), "at least one real file system");
            for (Map.Entry<String, Map<String, Double>> mount : mounts.entrySet()) {
                long[] df = df(mount.getKey());
                Map<String, Double> figures = mount.getValue();
                assertEquals(df[0], figures.get("system.filesystem.total"), 0.0, mount.getKey() + " size");
                // Others write meanwhile: the same within 64 MiB.
                assertEquals(df[0] - df[1], figures.get("system.filesystem.usage"), 64.0 * MIB,
                        mount.getKey() + " used");
            }
        }
    }
}
