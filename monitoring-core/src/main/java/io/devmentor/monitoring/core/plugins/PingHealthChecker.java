package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends an ICMP echo to a service's host and waits for the reply up to its timeout, on a thread of a bounded
 * pool (the JDK's echo blocks). Offered only where the process may send ICMP ({@link PingCheckerProvider}).
 */
final class PingHealthChecker implements HealthChecker {

    private static final int MAX_PINGS = 32;

    private final Clock clock;
    private final ThreadPoolExecutor pings = new ThreadPoolExecutor(0, MAX_PINGS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("monitoring-ping"));

    PingHealthChecker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Optional<String> host = service.host().or(() -> service.url().map(URI::getHost));
        if (host.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "no host to ping"));
        }
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        try {
            pings.execute(() -> result.complete(ping(host.get(), service.timeout())));
        } catch (RejectedExecutionException e) {
            result.complete(CheckResult.down(clock.instant(), Duration.ZERO, "more than " + MAX_PINGS
                    + " pings at once"));
        }
        return result;
    }

    private CheckResult ping(String host, Duration timeout) {
        long started = System.nanoTime();
        try {
            InetAddress address = InetAddress.getByName(host);
            boolean replied = address.isReachable((int) Math.max(1, timeout.toMillis()));
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            Map<String, Object> details = Map.of("host", host, "address", address.getHostAddress());
            return replied
                    ? CheckResult.up(clock.instant(), latency, "echo reply from " + address.getHostAddress() + " in "
                            + latency.toMillis() + " ms").withDetails(details)
                    : CheckResult.down(clock.instant(), latency, "no echo reply in " + timeout.toMillis() + " ms")
                            .withDetails(details);
        } catch (UnknownHostException e) {
            return CheckResult.down(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                    "unknown host " + host);
        } catch (IOException e) {
            return CheckResult.down(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                    "cannot ping " + host + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        pings.shutdownNow();
    }
}
