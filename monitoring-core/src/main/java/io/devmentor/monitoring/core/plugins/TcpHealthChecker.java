package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a TCP connection without blocking, and closes it at once. With {@code settings.tls: true} it completes
 * a TLS handshake instead, on a thread of a bounded pool, and judges the certificate as the HTTP checker does
 * ({@link TlsSettings}): the host's name, the chain, and {@code certificateExpiry}.
 */
final class TcpHealthChecker implements HealthChecker {

    /** TLS handshakes at once; more at the same moment are DOWN, saying so. */
    private static final int MAX_HANDSHAKES = 64;

    private final Clock clock;
    private final AsynchronousChannelGroup group;
    private final ThreadPoolExecutor handshakes = new ThreadPoolExecutor(0, MAX_HANDSHAKES, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), DaemonThreads.named("monitoring-tls-checker"));
    /** Closes a handshake's socket at its deadline, however slowly the peer answers. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            DaemonThreads.named("monitoring-tls-deadlines"));
    /** The TLS context of each trust ({@link TlsSettings#trustKey()}), made once: a CA bundle is read once. */
    private final Map<String, SSLContext> contexts = new java.util.concurrent.ConcurrentHashMap<>();

    TcpHealthChecker(Clock clock) throws IOException {
        this.clock = clock;
        this.group = AsynchronousChannelGroup.withFixedThreadPool(1, DaemonThreads.named("monitoring-tcp-checker"));
        deadlines.setRemoveOnCancelPolicy(true);
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
        if ("true".equalsIgnoreCase(service.settings().getOrDefault("tls", "false").trim())) {
            return handshake(service, host, port);
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

    private CompletionStage<CheckResult> handshake(ServiceDefinition service, String host, int port) {
        TlsSettings tls;
        try {
            tls = TlsSettings.of(service);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    String.valueOf(e.getMessage())));
        }
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        try {
            handshakes.execute(() -> result.complete(handshake(service, host, port, tls)));
        } catch (RejectedExecutionException e) {
            result.complete(CheckResult.down(clock.instant(), Duration.ZERO, "more than " + MAX_HANDSHAKES
                    + " TLS checks at once"));
        }
        return result;
    }

    private CheckResult handshake(ServiceDefinition service, String host, int port, TlsSettings tls) {
        long started = System.nanoTime();
        int timeout = (int) Math.max(1, service.timeout().toMillis());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", host);
        details.put("port", port);
        Socket raw = new Socket();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(raw), timeout, TimeUnit.MILLISECONDS);
        try (raw) {
            raw.connect(new InetSocketAddress(host, port), timeout);
            raw.setSoTimeout(timeout);
            SSLSocket socket = (SSLSocket) contexts.computeIfAbsent(tls.trustKey(), key -> tls.context())
                    .getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            if (!tls.insecure()) {
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the host's name must be the certificate's
            }
            if (!host.isEmpty() && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            Optional<X509Certificate> certificate = TlsSettings.peerCertificate(socket.getSession());
            certificate.ifPresent(leaf -> TlsSettings.describe(leaf, clock.instant(), details));
            Optional<String> expiring = certificate.flatMap(leaf -> tls.tooSoon(leaf, clock.instant()));
            String done = "TLS handshake with " + host + ":" + port;
            return expiring.map(why -> CheckResult.degraded(clock.instant(), latency, done + ", but " + why))
                    .orElseGet(() -> CheckResult.up(clock.instant(), latency, done)).withDetails(details);
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            String reason = raw.isClosed() && latency.toMillis() >= timeout ? "timed out after " + timeout + " ms"
                    : TlsSettings.failure(e).orElseGet(() -> HttpHealthChecker.describe(e));
            return CheckResult.down(clock.instant(), latency, reason).withDetails(details);
        } finally {
            deadline.cancel(false);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
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
        handshakes.shutdownNow();
        deadlines.shutdownNow();
        try {
            group.shutdownNow();
        } catch (IOException ignored) {
            // the group's channels are closed either way
        }
    }
}
