package io.devmentor.monitoring.core.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.Expectations.JsonFieldCondition;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Checks a service with one GET of its health endpoint, through the JDK's non-blocking HTTP client.
 * Reads at most {@code maxBodyBytes} of the body, so that a huge answer costs nothing.
 */
final class HttpHealthChecker implements HealthChecker {

    private static final int EXCERPT_CHARS = 200;

    private final Clock clock;
    private final int maxBodyBytes;
    private final String userAgent;
    private final HttpClient client;
    private final java.util.concurrent.ExecutorService answers;
    private final ObjectMapper json = new ObjectMapper();

    HttpHealthChecker(Clock clock, int maxBodyBytes, String userAgent) {
        this.clock = clock;
        this.userAgent = userAgent;
        this.maxBodyBytes = maxBodyBytes;
        // One thread reads every answer. The client's own pool grows to dozens of threads at 1,000 checks a
        // second, waiting on its selector's lock and crowding the engine's workers; one thread took about a
        // tenth less CPU per check (docs/benchmarks.md). Given an executor,
        // the client hands every answer on to CompletableFuture's default pool, which starts a thread per task
        // when the common pool has one thread (two cores without the server's setting): there, its own pool.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() >= 2) {
            answers = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "monitoring-http-answers");
                thread.setDaemon(true);
                return thread;
            });
            builder.executor(answers);
        } else {
            answers = null;
        }
        this.client = builder.build();
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Optional<URI> uri = service.healthUri();
        if (uri.isEmpty()) {
            return CompletableFuture.completedFuture(CheckResult.down(clock.instant(), Duration.ZERO,
                    "no url or host and port to check"));
        }
        HttpRequest request = HttpRequest.newBuilder(uri.get())
                .timeout(service.timeout())
                .header("User-Agent", userAgent)
                .header("Accept", "application/json, */*")
                .GET()
                .build();
        long started = System.nanoTime();
        return client.sendAsync(request, info -> new BoundedBodySubscriber(maxBodyBytes))
                .handle((response, failure) -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - started);
                    if (failure != null) {
                        String reason = describe(failure);
                        // The same words as the engine's own timeout, whichever of the two fires first.
                        return CheckResult.down(clock.instant(), latency, reason.equals("timed out")
                                ? "timed out after " + service.timeout().toMillis() + " ms" : reason);
                    }
                    return evaluate(service, response, latency);
                });
    }

    private CheckResult evaluate(ServiceDefinition service, HttpResponse<BoundedBody> response, Duration latency) {
        int code = response.statusCode();
        BoundedBody body = response.body();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("statusCode", code);
        details.put("url", response.uri().toString());
        if (body.truncated()) {
            details.put("bodyTruncatedAt", maxBodyBytes);
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
        return CheckResult.up(clock.instant(), latency, "HTTP " + code).withDetails(details);
    }

    private Optional<String> checkField(JsonFieldCondition condition, BoundedBody body) {
        if (body.truncated()) {
            return Optional.of("body larger than " + maxBodyBytes + " bytes, cannot read field " + condition.path());
        }
        JsonNode node;
        try {
            node = json.readTree(body.bytes());
        } catch (IOException e) {
            return Optional.of("body is not JSON, cannot read field " + condition.path());
        }
        for (String part : condition.path().split("\\.")) {
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
        // Java 17's client has no close: its own threads end once it is no longer referenced.
        if (answers != null) {
            answers.shutdown();
        }
    }
}
