package io.devmentor.monitoring.grpc;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks a gRPC server {@code grpc.health.v1.Health/Check} for {@code settings.service} (the whole server when
 * empty, the default), with grpc-java: UP when it answers SERVING, DOWN with what it answered otherwise, or with
 * the call's status (UNAVAILABLE, UNIMPLEMENTED, a deadline at the check's timeout). Plaintext by default;
 * {@code settings.tls: true} for TLS with the JDK's trust, or {@code settings.caBundle} (a PEM file). One channel
 * per target, kept.
 */
final class GrpcHealthChecker implements HealthChecker {

    private final Clock clock;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    GrpcHealthChecker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Optional<String> host = service.host().or(() -> service.url().map(URI::getHost));
        int port = service.port() > 0 ? service.port() : service.url().map(URI::getPort).orElse(-1);
        if (host.isEmpty() || port <= 0) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "no host and port to check"));
        }
        Map<String, String> settings = service.settings();
        boolean tls = "true".equalsIgnoreCase(settings.getOrDefault("tls", "false").trim());
        String caBundle = settings.getOrDefault("caBundle", "").trim();
        String name = settings.getOrDefault("service", "");
        ManagedChannel channel;
        try {
            channel = channels.computeIfAbsent(host.get() + ":" + port + (tls ? " tls " + caBundle : ""),
                    key -> Grpc.newChannelBuilderForAddress(host.get(), port, credentials(tls, caBundle)).build());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    String.valueOf(e.getMessage())));
        }
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", host.get() + ":" + port);
        details.put("service", name);
        HealthGrpc.newStub(channel).withDeadlineAfter(service.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .check(HealthCheckRequest.newBuilder().setService(name).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse response) {
                        Duration latency = Duration.ofNanos(System.nanoTime() - started);
                        String status = response.getStatus().name();
                        details.put("servingStatus", status);
                        result.complete(response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                                ? CheckResult.up(clock.instant(), latency, "SERVING").withDetails(details)
                                : CheckResult.down(clock.instant(), latency, status).withDetails(details));
                    }

                    @Override
                    public void onError(Throwable failure) {
                        Duration latency = Duration.ofNanos(System.nanoTime() - started);
                        Status status = failure instanceof StatusRuntimeException e ? e.getStatus()
                                : Status.fromThrowable(failure);
                        details.put("grpcStatus", status.getCode().name());
                        result.complete(CheckResult.down(clock.instant(), latency, reason(status, name, service))
                                .withDetails(details));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return result;
    }

    private static String reason(Status status, String name, ServiceDefinition service) {
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> "timed out after " + service.timeout().toMillis() + " ms";
            case NOT_FOUND -> "the server does not know the service '" + name + "'";
            case UNIMPLEMENTED -> "the server does not implement grpc.health.v1.Health";
            default -> status.getCode().name() + (status.getDescription() == null ? ""
                    : ": " + status.getDescription()) + (status.getCause() == null ? ""
                    : " (" + status.getCause().getMessage() + ")");
        };
    }

    private static ChannelCredentials credentials(boolean tls, String caBundle) {
        if (!tls) {
            return InsecureChannelCredentials.create();
        }
        if (caBundle.isEmpty()) {
            return TlsChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(new File(caBundle)).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("settings.caBundle " + caBundle + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
