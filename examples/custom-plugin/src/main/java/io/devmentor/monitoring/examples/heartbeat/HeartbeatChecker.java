package io.devmentor.monitoring.examples.heartbeat;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Up while the file named by the {@code path} setting is younger than {@code maxAgeMs} (default 60 s). */
final class HeartbeatChecker implements HealthChecker {

    private static final long DEFAULT_MAX_AGE_MS = 60_000;

    private final Clock clock;
    // File system calls can block (a hung NFS mount): they get a thread of their own, never the engine's.
    private final ExecutorService io = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heartbeat-checker");
        thread.setDaemon(true);
        return thread;
    });

    HeartbeatChecker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        String path = service.settings().get("path");
        if (path == null) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "the heartbeat checker needs a 'path' setting"));
        }
        long maxAge = Long.parseLong(service.settings().getOrDefault("maxAgeMs", Long.toString(DEFAULT_MAX_AGE_MS)));
        return CompletableFuture.supplyAsync(() -> check(Path.of(path), Duration.ofMillis(maxAge)), io);
    }

    private CheckResult check(Path file, Duration maxAge) {
        long started = System.nanoTime();
        try {
            Instant touched = Files.getLastModifiedTime(file).toInstant();
            Instant now = clock.instant();
            Duration age = Duration.between(touched, now);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Map<String, Object> details = Map.of("path", file.toString(), "ageMs", age.toMillis());
            if (age.compareTo(maxAge) > 0) {
                return CheckResult.down(now, took, "last heartbeat " + age.toSeconds() + " s ago, more than "
                        + maxAge.toSeconds() + " s").withDetails(details);
            }
            return CheckResult.up(now, took, "heartbeat " + age.toMillis() + " ms ago").withDetails(details);
        } catch (NoSuchFileException e) {
            return CheckResult.down(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                    "no heartbeat file " + file);
        } catch (IOException e) {
            return CheckResult.down(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                    "cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
