package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Opens a TCP connection without blocking, and closes it at once. */
final class TcpHealthChecker implements HealthChecker {

    private final Clock clock;
    private final AsynchronousChannelGroup group;

    TcpHealthChecker(Clock clock) throws IOException {
        this.clock = clock;
        this.group = AsynchronousChannelGroup.withFixedThreadPool(1, DaemonThreads.named("monitoring-tcp-checker"));
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the callback only closes the channel
    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        String host;
        int port;
        if (service.host().isPresent() && service.port() > 0) {
            host = service.host().get();
            port = service.port();
        } else if (service.url().isPresent()) {
            URI url = service.url().get();
            host = url.getHost();
            port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        } else {
            return CompletableFuture.completedFuture(
                    CheckResult.down(clock.instant(), Duration.ZERO, "no host and port to check"));
        }
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open(group);
        } catch (IOException e) {
            result.complete(CheckResult.down(clock.instant(), Duration.ZERO, "cannot open socket: " + e.getMessage()));
            return result;
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            close(channel);
            result.complete(CheckResult.down(clock.instant(), Duration.ZERO, "unknown host " + host));
            return result;
        }
        channel.connect(address, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void ignored, Void attachment) {
                result.complete(CheckResult.up(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                        "connected to " + host + ":" + port).withDetails(Map.of("host", host, "port", port)));
            }

            @Override
            public void failed(Throwable failure, Void attachment) {
                result.complete(CheckResult.down(clock.instant(), Duration.ofNanos(System.nanoTime() - started),
                        HttpHealthChecker.describe(failure)).withDetails(Map.of("host", host, "port", port)));
            }
        });
        // Closes the socket whether the connection opened, failed, or the engine gave up waiting.
        result.whenComplete((r, e) -> close(channel));
        return result;
    }

    private static void close(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        try {
            group.shutdownNow();
        } catch (IOException ignored) {
            // the group's channels are closed either way
        }
    }
}
