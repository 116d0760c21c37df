package io.devmentor.monitoring.core.plugins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.spi.DeliveryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Posts JSON to a receiver and classifies the outcome for the engine's retries: 2xx delivered; 5xx, 429,
 * timeouts and connection failures retryable; other answers final. Messages never include the URL, which
 * often carries a secret (Slack's webhook path, a token in a query).
 */
final class HttpDelivery implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    HttpDelivery() {
        // No executor of ours: given one, the JDK's client hands every answer on to CompletableFuture's default
        // pool, which on a machine of two cores or fewer starts a new thread for each task.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the outcome is handled in the callback, which completes the delivery
    CompletionStage<Void> postJson(URI url, Object body, String receiver) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new DeliveryException("cannot write the payload: "
                    + e.getOriginalMessage(), false));
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "devmentor-monitoring")
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
        CompletableFuture<Void> result = new CompletableFuture<>();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(new DeliveryException(receiver + " unreachable: "
                        + HttpHealthChecker.describe(failure), true));
                return;
            }
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                result.complete(null);
            } else {
                result.completeExceptionally(new DeliveryException(receiver + " answered HTTP " + code,
                        code >= 500 || code == 429 || code == 408));
            }
        });
        return result;
    }

    @Override
    public void close() {
        // Java 17's client has no close: its threads end once it is no longer referenced.
    }
}
