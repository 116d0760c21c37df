package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.json.WireFormat;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server: a {@link Monitoring} engine behind REST, WebSocket ({@code /ws}) and
 * {@code /metrics}, all on one port. It also watches itself, as the service {@code monitoring}.
 *
 * <pre>{@code
 * try (MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(System.getenv(), cwd))) {
 *     System.out.println("listening on " + server.port());
 *     ...
 * }
 * }</pre>
 */
public final class MonitoringServer implements AutoCloseable {

    /** The name of the service under which the server watches itself. */
    public static final String SELF = "monitoring";
    private static final Logger log = LoggerFactory.getLogger(MonitoringServer.class);
    private static final int MAX_WEBSOCKET_SESSIONS = 10_000;

    private final HttpServer http;
    private final Monitoring monitoring;
    private final WebSocketHub hub;
    private final SocketIoBridge socketIo;
    private final WebSocketSupport.Container container;
    private final ScheduledExecutorService ticker;
    private final PrometheusMeterRegistry prometheus;
    private final ConnectionDeadlines deadlines;
    private final StartingHandler routes;
    private final PluginJars pluginJars;
    private final Telemetry telemetry;
    private final int port;

    private MonitoringServer(MonitoringConfiguration configuration, String host, Clock clock) throws IOException {
        Instant startedAt = Instant.now();
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new UptimeMetrics()).forEach(binder -> binder.bindTo(prometheus));

        ServerSettings settings = ServerSettings.fromEnvironment(configuration.environment());
        http = new HttpServer();
        NetworkListener listener = new NetworkListener("monitoring", host, settings.port());
        // Grizzly's keep-alive timeout would also close idle WebSocket connections: ConnectionDeadlines instead.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        // Grizzly's file cache answers repeated static requests itself, before any handler: without the security
        // headers, and without reading a request's body (whose bytes then became the next "request").
        listener.getFileCache().setEnabled(false);
        http.addListener(listener);
        http.getServerConfiguration().setDefaultQueryEncoding(StandardCharsets.UTF_8);
        http.getServerConfiguration().setName("devmentor-monitoring");
        http.getServerConfiguration().setSendFileEnabled(false);
        // Grizzly's own error pages (malformed HTTP, for example) show no stack trace.
        http.getServerConfiguration().setDefaultErrorPageGenerator((request, status, reason, description, failure) ->
                "{\"error\":\"" + status + " " + reason + "\"}");
        SocketIoSettings socketIoSettings = SocketIoSettings.fromEnvironment(configuration.environment());
        OriginPolicy origins = new OriginPolicy(settings.frontendUrl());
        container = new WebSocketSupport.Container(MAX_WEBSOCKET_SESSIONS,
                Math.max(PlainWebSocket.MAX_MESSAGE_BYTES, socketIoSettings.maxPayloadBytes()) + 1024);
        // The Origin rule first, then Tyrus's upgrades, then the HTTP handlers.
        HttpLimits limits = HttpLimits.fromEnvironment(configuration.environment());
        // A client that does not read its answers holds a worker for the write timeout at most, and one client
        // never holds more connections than its cap: the others' requests, /health among them, go on.
        listener.getTransport().setWriteTimeout(limits.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        listener.getTransport().setReadTimeout(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("monitoring-http").setCorePoolSize(limits.workers()).setMaxPoolSize(limits.workers()));
        listener.registerAddOn(JsonErrorCodec.addOn());
        deadlines = new ConnectionDeadlines(limits.idleTimeout(), limits.requestTimeout());
        listener.registerAddOn(deadlines.addOn());
        listener.registerAddOn(ConnectionLimitFilter.addOn(limits.maxConnectionsPerClient(), limits.maxConnections()));
        listener.registerAddOn(RequestUriFilter.addOn());
        listener.registerAddOn(UpgradeOriginFilter.addOn(origins));
        listener.registerAddOn(WebSocketSupport.addOn(container));
        // The engine watches the server itself, so it needs the bound port: until it runs, every route says 503.
        this.routes = new StartingHandler();
        http.getServerConfiguration().addHttpHandler(routes, "/");
        ApiDocs.register(http.getServerConfiguration());
        http.start();
        port = listener.getPort();

        // With a database named, incidents, history, events, dashboards, maintenance windows and SLA counts go to it
        // unless a store is chosen: DATABASE_URL alone used to leave them in H2, unused database and all.
        String defaultStore = configuration.environment().getOrDefault("DATABASE_URL", "").isBlank() ? "h2"
                : "postgres";
        PluginJars jars = null;
        Telemetry tracing = null;
        Optional<StatusPage.Settings> statusPage;
        try {
            statusPage = StatusPage.read(configuration);
            jars = PluginJars.from(configuration.environment());
            tracing = Telemetry.from(configuration.environment());
            monitoring = Monitoring.builder()
                    .configuration(withSelf(configuration, port))
                    .meterRegistry(prometheus)
                    .defaultIncidentStore(defaultStore)
                    .defaultHistoryStore(defaultStore)
                    .defaultEventStore(defaultStore)
                    .defaultSharedStore(defaultStore.equals("postgres") ? "postgres" : MonitoringBuilder.NO_SHARED_STORE)
                    .pluginClassLoader(jars.loader())
                    .openTelemetry(tracing.openTelemetry())
                    .clock(clock)
                    .build();
        } catch (RuntimeException e) {
            http.shutdownNow();
            deadlines.close();
            if (jars != null) {
                jars.close();
            }
            if (tracing != null) {
                tracing.close();
            }
            throw e;
        }
        pluginJars = jars;
        telemetry = tracing;
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("monitoring-ws-ticker"));
        ObjectMapper json = new WireFormat().mapper();
        hub = new WebSocketHub(monitoring, new ApiTokens(settings.apiTokens()), json, ticker);
        socketIo = new SocketIoBridge(socketIoSettings, origins, hub, json, ticker);
        try {
            container.register(PlainWebSocket.endpointConfig(hub));
            container.register(socketIo.webSocketEndpoint());
            socketIo.deployPolling(http);
        } catch (DeploymentException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot deploy the live stream's endpoints: " + e.getMessage(), e);
        }
        log.info("DevMentor Monitoring listening on {}:{} (REST, WebSocket at {}, Socket.IO at {}, /metrics), {}, {}",
                host, port, PlainWebSocket.PATH, SocketIoBridge.PATH, settings, configuration);
        routes.ready(new ApiHandler(monitoring, settings, prometheus, json, startedAt, statusPage));
        monitoring.start();
    }

    /**
     * Starts a server on the address {@code HOST} names (all interfaces by default), on the configuration's port.
     *
     * @param configuration the configuration; port 0 picks a free port
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MonitoringServer start(MonitoringConfiguration configuration) {
        return start(configuration, ServerSettings.bindAddress(configuration.environment()));
    }

    /**
     * Starts a server on one interface.
     *
     * @param configuration the configuration; port 0 picks a free port
     * @param host the address to listen on, such as {@code 127.0.0.1}
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static MonitoringServer start(MonitoringConfiguration configuration, String host) {
        return start(configuration, host, Clock.systemUTC());
    }

    /** A server whose engine keeps the given time: tests that need hours of it without waiting. */
    static MonitoringServer start(MonitoringConfiguration configuration, String host, Clock clock) {
        try {
            return new MonitoringServer(configuration, host, clock);
        } catch (IOException e) {
            int port = ServerSettings.fromEnvironment(configuration.environment()).port();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The API's routes, as {@code METHOD template}; none before the engine is built. */
    List<String> declaredRoutes() {
        return routes.declared();
    }

    private static MonitoringConfiguration withSelf(MonitoringConfiguration configuration, int port) {
        boolean named = configuration.services().stream().anyMatch(s -> s.name().equals(SELF));
        if (named) {
            return configuration;
        }
        List<ServiceDefinition> services = new ArrayList<>(configuration.services());
        services.add(ServiceDefinition.builder(SELF).hostAndPort("127.0.0.1", port).healthEndpoint("/health")
                .interval(configuration.healthCheckInterval()).tags("self", ServiceDefinition.LOCAL_TAG).build());
        return configuration.withServices(services);
    }

    /** Answers 503 until the engine is built, then hands every request to the API. */
    private static final class StartingHandler extends org.glassfish.grizzly.http.server.HttpHandler {
        private volatile @Nullable ApiHandler api;

        void ready(ApiHandler handler) {
            this.api = handler;
        }

        List<String> declared() {
            ApiHandler current = api;
            return current == null ? List.of() : current.declaredRoutes();
        }

        @Override
        public void service(org.glassfish.grizzly.http.server.Request request,
                org.glassfish.grizzly.http.server.Response response) throws Exception {
            ApiHandler current = api;
            if (current != null) {
                current.service(request, response);
                return;
            }
            byte[] body = "{\"status\":\"starting\"}".getBytes(StandardCharsets.UTF_8);
            response.setStatus(503);
            response.setContentType("application/json; charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The engine behind the server.
     *
     * @return the engine
     */
    public Monitoring monitoring() {
        return monitoring;
    }

    /** Stops the server and its engine. */
    @Override
    public void close() {
        if (socketIo != null) {
            socketIo.close();
        }
        if (hub != null) {
            hub.close();
        }
        http.shutdownNow();
        deadlines.close();
        container.stop();
        if (monitoring != null) {
            monitoring.close();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        prometheus.close();
        pluginJars.close();
        telemetry.close(); // after the engine: its last spans are exported
    }
}
