package io.devmentor.monitoring.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gRPC checker against grpc-java servers on loopback: one with the standard health service (its whole server
 * and a named service, serving and not), one without it, one stopped, and a socket that never speaks HTTP/2.
 */
class GrpcHealthCheckerTest {

    /** The silent peer's deadline. */
    private static final Duration TIMEOUT = Duration.ofMillis(800);
    /** The answering servers': the first call loads Netty and protobuf, which on a busy machine took over 800 ms. */
    private static final Duration ANSWERED = Duration.ofSeconds(5);

    private static CheckResult check(GrpcHealthChecker checker, int port, String service) throws Exception {
        return check(checker, port, service, ANSWERED);
    }

    private static CheckResult check(GrpcHealthChecker checker, int port, String service, Duration timeout)
            throws Exception {
        ServiceDefinition.Builder definition = ServiceDefinition.builder("orders").kind("grpc")
                .hostAndPort("127.0.0.1", port).timeout(timeout);
        if (!service.isEmpty()) {
            definition.setting("service", service);
        }
        return checker.check(definition.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServingServerIsUpAndEveryOtherAnswerIsDownSayingWhat() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(health.getHealthService()).build().start();
        Server bare = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).build().start();
        try (GrpcHealthChecker checker = new GrpcHealthChecker(Clock.systemUTC())) {
            int port = server.getPort();
            CheckResult whole = check(checker, port, "");
            assertEquals(HealthStatus.UP, whole.status(), whole.message());
            assertEquals("SERVING", whole.message());

            health.setStatus("orders.v1.Orders", ServingStatus.SERVING);
            assertEquals(HealthStatus.UP, check(checker, port, "orders.v1.Orders").status());
            health.setStatus("orders.v1.Orders", ServingStatus.NOT_SERVING);
            CheckResult notServing = check(checker, port, "orders.v1.Orders");
            assertEquals(HealthStatus.DOWN, notServing.status());
            assertEquals("NOT_SERVING", notServing.message());
            assertEquals("NOT_SERVING", notServing.details().get("servingStatus"));

            assertEquals("the server does not know the service 'nope'", check(checker, port, "nope").message());
            assertEquals("the server does not implement grpc.health.v1.Health",
                    check(checker, bare.getPort(), "").message());

            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            CheckResult stopped = check(checker, port, "");
            assertEquals(HealthStatus.DOWN, stopped.status());
            assertTrue(stopped.message().startsWith("UNAVAILABLE"), stopped.message());
        } finally {
            server.shutdownNow();
            bare.shutdownNow();
        }
    }

    @Test
    void aPeerThatNeverAnswersIsDownAtTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                GrpcHealthChecker checker = new GrpcHealthChecker(Clock.systemUTC())) {
            long started = System.nanoTime();
            CheckResult result = check(checker, silent.getLocalPort(), "", TIMEOUT);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(HealthStatus.DOWN, result.status());
            assertEquals("timed out after 800 ms", result.message());
            // At its deadline, not before; the upper bound leaves a busy machine room (the first call loads Netty).
            assertTrue(millis >= TIMEOUT.toMillis() && millis < TIMEOUT.toMillis() + 3000, "took " + millis + " ms");
        }
    }
}
