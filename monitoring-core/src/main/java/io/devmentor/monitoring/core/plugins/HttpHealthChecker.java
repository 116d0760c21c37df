package io.devmentor.monitoring.core.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.Expectations.JsonFieldCondition;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.support.CheckDeadline;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.client5.http.RedirectException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Checks a service with one request of its health endpoint, following up to {@value #MAX_REDIRECTS} redirects (a
 * loop is DOWN), through Apache's non-blocking HTTP client. Sends what the service's settings say
 * ({@link HttpRequestSettings}). Reads at most {@code maxBodyBytes} of the body (a longer one is DOWN), at
 * most {@value #MAX_HEADERS} headers of at most {@value #MAX_LINE_BYTES} bytes each, and ends every check at its
 * timeout however the target trickles: the connection of a check that failed, timed out or was cut short is
 * closed, never put back in the pool.
 *
 * <p>One thread does the network I/O; another ends checks at their deadline and hands their results on, so that
 * what the engine does with a result never holds up the I/O of the others.
 */
final class HttpHealthChecker implements HealthChecker {

    private static final int EXCERPT_CHARS = 200;
    static final int MAX_REDIRECTS = 10;
    static final int MAX_HEADERS = 100;
    static final int MAX_LINE_BYTES = 8192;
    /** Connections to one target at once: many services may share a host and port (a gateway, say). */
    private static final int MAX_CONNECTIONS_PER_TARGET = 256;
    private static final int MAX_CONNECTIONS = 4096;

    private final Clock clock;
    private final int maxBodyBytes;
    /** The process's environment, for the secrets that settings name as {@code ${NAME}}. */
    private final Function<String, Optional<String>> environment;
    private final CloseableHttpAsyncClient client;
    /** The clients of other trusts than the JDK's, by {@link TlsSettings#trustKey()}. */
    private final Map<String, CloseableHttpAsyncClient> trusted = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger ioThreads = new AtomicInteger();
    private final String userAgent;
    private final ScheduledThreadPoolExecutor answers;
    private final ObjectMapper json = new ObjectMapper();
    /** Open connections by their local address: what a failed check hangs up, whatever state the client left it in. */
    private final Map<java.net.SocketAddress, IOSession> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    HttpHealthChecker(Clock clock, int maxBodyBytes, String userAgent,
            Function<String, Optional<String>> environment) {
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.environment = environment;
        this.userAgent = userAgent;
        this.client = newClient(Optional.empty());
        this.answers = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "monitoring-http-answers"));
        answers.setRemoveOnCancelPolicy(true);
    }

    /** A client of its own I/O thread and pool, with the JDK's trust or the given TLS. */
    private CloseableHttpAsyncClient newClient(Optional<TlsStrategy> tls) {
        PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_CONNECTIONS_PER_TARGET)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build());
        connections.setTlsStrategy(tls.orElseGet(LazyDefaultTlsStrategy::new));
        CloseableHttpAsyncClient created = HttpAsyncClients.custom()
                .setConnectionManager(connections.build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setHttp1Config(Http1Config.custom().setMaxHeaderCount(MAX_HEADERS).setMaxLineLength(MAX_LINE_BYTES)
                        .setBufferSize(2048).setInitialWindowSize(16 * 1024)
                        .build())
                // HTTP/2 where a TLS target offers it (ALPN: the connections' TlsConfig), with the same bound on the
                // headers as HTTP/1.1.
                .setH2Config(H2Config.custom().setMaxHeaderListSize(MAX_HEADERS * MAX_LINE_BYTES).build())
                .setThreadFactory(runnable -> daemon(runnable, "monitoring-http-io-" + ioThreads.incrementAndGet()))
                .setIOSessionListener(new Sessions())
                .setUserAgent(userAgent)
                // The engine retries a check as the service says; the client must not retry on its own.
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                // No decompression: the body limit counts the bytes on the wire, and a gzip bomb stays small.
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        created.start();
        return created;
    }

    /**
     * The client of a service's trust: the shared one for the JDK's, another (made once, kept) for each CA
     * bundle and for {@code insecure}.
     */
    private CloseableHttpAsyncClient client(TlsSettings tls) {
        if (tls.trustKey().equals("default")) {
            return client;
        }
        return trusted.computeIfAbsent(tls.trustKey(), key -> {
            ClientTlsStrategyBuilder strategy = ClientTlsStrategyBuilder.create().setSslContext(tls.context());
            if (tls.insecure()) {
                strategy.setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                        .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT);
            }
            return newClient(Optional.of(strategy.buildAsync()));
        });
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the callback only cancels the deadline
    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Optional<URI> uri = service.healthUri();
        if (uri.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "no url or host and port to check"));
        }
        Duration timeout = service.timeout();
        HttpRequestSettings settings;
        SimpleHttpRequest request;
        TlsSettings tls;
        CloseableHttpAsyncClient client;
        try {
            settings = HttpRequestSettings.of(service, environment, maxBodyBytes);
            tls = TlsSettings.of(service);
            client = client(tls);
            SimpleRequestBuilder builder = SimpleRequestBuilder.create(settings.method()).setUri(uri.get())
                    .setHeader("Accept", "application/json, */*");
            settings.headers().forEach(builder::setHeader);
            // The check's span, when the engine traces: the target's own traces then show who asked.
            W3CTraceContextPropagator.getInstance().inject(Context.current(), builder,
                    (carrier, key, value) -> carrier.setHeader(key, value));
            settings.body().ifPresent(body -> builder.setBody(body, ContentType.parse(settings.contentType())));
            request = builder.build();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "cannot check " + uri.get() + ": " + e.getMessage()));
        }
        boolean follow = settings.followRedirects();
        int limit = settings.maxBodyBytes();
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout))
                .setResponseTimeout(Timeout.of(timeout))
                .setRedirectsEnabled(follow)
                .setMaxRedirects(MAX_REDIRECTS)
                .setCircularRedirectsAllowed(false)
                .build());
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(limit);
        // Set when the deadline stops the exchange: the client may then report the connection it closes for the
        // stop (ConnectionClosedException) rather than the cancel, and either is the timeout.
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Future<BoundedResponse> exchange;
        try {
            exchange = client.execute(SimpleRequestProducer.create(request), consumer, context,
                    new FutureCallback<>() {
                        @Override
                        public void completed(BoundedResponse response) {
                            answer(() -> evaluate(service, response, finalUri(uri.get(), context), latency(), limit,
                                    tls, context));
                        }

                        @Override
                        public void failed(Exception failure) {
                            hangUp(context);
                            boolean stopped = timedOut.get();
                            answer(() -> consumer.cutShort(failure)
                                    ? evaluate(service, consumer.buildResult(), finalUri(uri.get(), context), latency(),
                                            limit, tls, context)
                                    : CheckResult.down(clock.instant(), latency(), stopped
                                            ? "timed out after " + timeout.toMillis() + " ms"
                                            : reason(failure, uri.get(), context, timeout)));
                        }

                        @Override
                        public void cancelled() {
                            hangUp(context);
                            answer(() -> CheckResult.down(clock.instant(), latency(),
                                    "timed out after " + timeout.toMillis() + " ms"));
                        }

                        private Duration latency() {
                            return Duration.ofNanos(System.nanoTime() - started);
                        }

                        private void answer(java.util.function.Supplier<CheckResult> outcome) {
                            try {
                                answers.execute(() -> result.complete(outcome.get()));
                            } catch (java.util.concurrent.RejectedExecutionException closed) {
                                result.complete(outcome.get());
                            }
                        }
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "cannot check " + uri.get() + ": " + describe(e)));
        }
        // The check ends at its timeout, whatever the socket does: cancelling the exchange closes its connection.
        try {
            CheckDeadline deadline = CheckDeadline.start(answers, timeout, () -> {
                timedOut.set(true);
                exchange.cancel(true);
            });
            result.whenComplete((r, f) -> deadline.cancel());
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            exchange.cancel(true); // the checker is closing: so is the client, and this check with it
        }
        return result;
    }

    /**
     * Closes the connection of a check that failed or timed out. The client means to, but a connection whose
     * answer was still trickling in was seen kept open, reading, until the target's next byte or for ever.
     */
    private void hangUp(HttpClientContext context) {
        org.apache.hc.core5.http.EndpointDetails endpoint = context.getEndpointDetails();
        IOSession session = endpoint == null || endpoint.getLocalAddress() == null ? null
                : sessions.get(endpoint.getLocalAddress());
        // Only the connection that carried this exchange: once that one is closed (reset, so its port is free at
        // once), the same local address may already carry another check's, which is not to be cut.
        if (session != null && session.getHandler() instanceof org.apache.hc.core5.http.HttpConnection connection
                && connection.getEndpointDetails() == endpoint) {
            session.close(CloseMode.IMMEDIATE);
        }
    }

    /** Keeps {@link #sessions}. */
    private final class Sessions implements IOSessionListener {
        @Override
        public void connected(IOSession session) {
            java.net.SocketAddress local = session.getLocalAddress();
            if (local != null) {
                sessions.put(local, session);
            }
        }

        @Override
        public void disconnected(IOSession session) {
            java.net.SocketAddress local = session.getLocalAddress();
            if (local == null || !sessions.remove(local, session)) {
                sessions.values().remove(session); // its address gone with its channel: look for it
            }
        }

        @Override
        public void startTls(IOSession session) {
        }

        @Override
        public void inputReady(IOSession session) {
        }

        @Override
        public void outputReady(IOSession session) {
        }

        @Override
        public void timeout(IOSession session) {
        }

        @Override
        public void exception(IOSession session, Exception failure) {
        }
    }

    /** Where the check ended: the last redirect's target, or the URL asked. */
    private static URI finalUri(URI asked, HttpClientContext context) {
        List<URI> hops = context.getRedirectLocations().getAll();
        return hops.isEmpty() ? asked : hops.get(hops.size() - 1);
    }

    private static String reason(Exception failure, URI asked, HttpClientContext context, Duration timeout) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CircularRedirectException || cause instanceof RedirectException) {
            List<String> chain = new ArrayList<>();
            chain.add(asked.toString());
            context.getRedirectLocations().getAll().forEach(hop -> chain.add(hop.toString()));
            String kind = cause instanceof CircularRedirectException ? "redirect loop" : "more than " + MAX_REDIRECTS
                    + " redirects";
            return kind + ": " + String.join(" -> ", chain);
        }
        Optional<String> tls = TlsSettings.failure(cause);
        if (tls.isPresent()) {
            return tls.get();
        }
        if (cause instanceof java.io.InterruptedIOException) { // the response's, the connect's or the deadline's
            return "timed out after " + timeout.toMillis() + " ms";
        }
        if (cause instanceof org.apache.hc.core5.http.MessageConstraintException) {
            return "answer over the checker's limits (" + MAX_HEADERS + " headers of " + MAX_LINE_BYTES
                    + " bytes): " + cause.getMessage();
        }
        return describe(cause);
    }

    private CheckResult evaluate(ServiceDefinition service, BoundedResponse response, URI uri, Duration latency,
            int limit, TlsSettings tls, HttpClientContext context) {
        int code = response.code();
        BoundedBody body = response.body();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statusCode", code);
        details.put("url", uri.toString());
        if (!response.version().isEmpty()) {
            details.put("httpVersion", response.version());
        }
        Optional<X509Certificate> certificate = Optional.ofNullable(context.getSSLSession())
                .flatMap(TlsSettings::peerCertificate);
        certificate.ifPresent(leaf -> TlsSettings.describe(leaf, clock.instant(), details));
        if (body.truncated()) {
            // As the blackbox exporter's body_size_limit: an answer that does not end where it should is a failure.
            details.put("maxBodyBytes", limit);
            return CheckResult.down(clock.instant(), latency, "HTTP " + code + ", but the body is larger than "
                    + limit + " bytes (maxBodyBytes)").withDetails(details);
        }
        if (service.expect().needsBody()) {
            // For the conditions on [BODY]; the engine reads it there and does not keep it.
            details.put(CheckResult.BODY_FOR_CONDITIONS, new String(body.bytes(), StandardCharsets.UTF_8));
        }
        if (!service.expect().accepts(code)) {
            details.put("body", excerpt(body));
            return CheckResult.down(clock.instant(), latency, "HTTP " + code).withDetails(details);
        }
        Optional<JsonFieldCondition> condition = service.expect().jsonField();
        if (condition.isPresent()) {
            Optional<String> problem = checkField(condition.get(), body);
            if (problem.isPresent()) {
                details.put("body", excerpt(body));
                return CheckResult.down(clock.instant(), latency, problem.get()).withDetails(details);
            }
        }
        Optional<String> expiring = certificate.flatMap(leaf -> tls.tooSoon(leaf, clock.instant()));
        if (expiring.isPresent()) {
            return CheckResult.degraded(clock.instant(), latency, "HTTP " + code + ", but " + expiring.get())
                    .withDetails(details);
        }
        return CheckResult.up(clock.instant(), latency, "HTTP " + code).withDetails(details);
    }

    private Optional<String> checkField(JsonFieldCondition condition, BoundedBody body) {
        JsonNode node;
        try {
            node = json.readTree(body.bytes());
        } catch (IOException e) {
            return Optional.of("body is not JSON, cannot read field " + condition.path());
        }
        for (String part : condition.path().split("\\.", -1)) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isMissingNode()) {
            return Optional.of("field " + condition.path() + " is missing");
        }
        String actual = node.isValueNode() ? node.asText() : node.toString();
        if (!actual.equals(condition.equals())) {
            return Optional.of("field " + condition.path() + " is '" + actual + "', expected '" + condition.equals() + "'");
        }
        return Optional.empty();
    }

    private static String excerpt(BoundedBody body) {
        String text = new String(body.bytes(), StandardCharsets.UTF_8);
        return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) : text;
    }

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
        trusted.values().forEach(other -> other.close(CloseMode.GRACEFUL));
        answers.shutdown();
    }
}
