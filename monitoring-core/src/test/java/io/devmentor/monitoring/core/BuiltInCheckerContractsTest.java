package io.devmentor.monitoring.core;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.plugins.HttpCheckerProvider;
import io.devmentor.monitoring.core.plugins.TcpCheckerProvider;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.tck.HealthCheckerContract;
import io.devmentor.monitoring.tck.SilentTarget;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in HTTP and TCP checkers, held to the plugin test kit's contract against real targets on loopback: a
 * JDK HTTP server that answers {@code /health}, a port nothing listens on, and a {@link SilentTarget}.
 */
class BuiltInCheckerContractsTest {

    @TempDir
    Path dir;

    private StubPluginContext context;
    private HttpServer healthy;
    private SilentTarget silent;

    private StubPluginContext context() {
        if (context == null) {
            context = StubPluginContext.in(dir.resolve("data"));
        }
        return context;
    }

    private int healthyPort() throws IOException {
        if (healthy == null) {
            healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            healthy.createContext("/health", exchange -> {
                byte[] body = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            healthy.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            healthy.start();
        }
        return healthy.getAddress().getPort();
    }

    private int silentPort() throws IOException {
        if (silent == null) {
            silent = SilentTarget.start();
        }
        return silent.port();
    }

    /** A port that was free a moment ago: nothing listens there. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stopTargets() throws IOException {
        if (healthy != null) {
            healthy.stop(0);
        }
        if (silent != null) {
            silent.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private static ServiceDefinition service(String kind, int port) {
        return ServiceDefinition.builder("target-" + port).kind(kind).hostAndPort("127.0.0.1", port)
                .timeout(Duration.ofSeconds(2)).build();
    }

    /** A checker of one kind against the three targets. */
    private abstract class OfKind extends HealthCheckerContract {
        private final String kind;

        OfKind(String kind) {
            this.kind = kind;
        }

        @Override
        protected ServiceDefinition healthyService() throws IOException {
            return service(kind, healthyPort());
        }

        @Override
        protected ServiceDefinition unreachableService() throws IOException {
            return service(kind, closedPort());
        }

        @Override
        protected ServiceDefinition silentService() throws IOException {
            return service(kind, silentPort());
        }
    }

    @Nested
    class Http extends OfKind {
        Http() {
            super("http");
        }

        @Override
        protected HealthChecker createChecker() throws Exception {
            return new HttpCheckerProvider().create(context());
        }
    }

    @Nested
    class Tcp extends OfKind {
        Tcp() {
            super("tcp");
        }

        @Override
        protected HealthChecker createChecker() throws Exception {
            return new TcpCheckerProvider().create(context());
        }
    }
}
