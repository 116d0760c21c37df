package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.tck.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} as Prometheus' own {@code promtool check metrics} judges it: valid and free of lint
 * problems. promtool comes from Debian's {@code prometheus} package, which {@code .ci/run} installs; this
 * test fails, never skips, without it.
 */
class PrometheusFormatTest {

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        String promtool = findPromtool();
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            Await.until(Duration.ofSeconds(10), "checks and a collection round", () ->
                    harness.server.monitoring().systemMetrics().isPresent()
                            && harness.server.monitoring().services().stream().allMatch(s -> s.status() == HealthStatus.UP));
            harness.get("/api/services");
            harness.get("/api/nothing");
            Path scrape = dir.resolve("scrape.txt");
            Files.writeString(scrape, harness.get("/metrics").body(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(promtool, "check", "metrics")
                    .redirectInput(scrape.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            assertEquals(0, process.exitValue(), "promtool check metrics said:\n" + output);
        }
    }

    private static String findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new AssertionError("promtool is not installed: run `apt-get install -y prometheus` (.ci/run does)");
    }
}
