package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.support.Lazy;
import io.devmentor.monitoring.spi.ServiceController;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Restarts a service with one HTTP request to its {@code restartUrl}; a 2xx answer is success. */
final class HttpServiceController implements ServiceController {

    /** Made at the first restart: a client starts a selector thread, and most servers never restart anything. */
    // No executor of ours: see HttpDelivery.
    private final Lazy<HttpClient> client = Lazy.of(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build());

    @Override
    public boolean controls(ServiceDefinition service) {
        return service.settings().containsKey("restartUrl");
    }

    @Override
    public CompletionStage<RestartResult> restart(ServiceDefinition service) {
        URI url = URI.create(service.settings().get("restartUrl"));
        String method = service.settings().getOrDefault("restartMethod", "POST").toUpperCase(Locale.ROOT);
        Duration timeout = Duration.ofMillis(Long.parseLong(service.settings().getOrDefault("restartTimeoutMs",
                "10000")));
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "devmentor-monitoring").build();
        return client.get().sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (failure != null) {
                // The URL may carry credentials: the message names the service's endpoint only by its host.
                return new RestartResult(false, "restart endpoint on " + url.getHost() + " failed: "
                        + HttpHealthChecker.describe(failure), took);
            }
            int code = response.statusCode();
            return new RestartResult(code >= 200 && code < 300, "restart endpoint answered HTTP " + code, took);
        });
    }

    @Override
    public void close() {
        // Java 17's client has no close: its threads end once it is no longer referenced.
    }
}
