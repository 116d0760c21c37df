package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.support.EnvironmentValues;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an HTTP check sends, from its service's {@code settings}: {@code method}, {@code headers.<Name>},
 * {@code body} and {@code contentType}, {@code bearerToken}, {@code basicAuth.user} and
 * {@code basicAuth.password}, {@code maxBodyBytes} and {@code followRedirects}. A value may name environment
 * variables as {@code ${NAME}}: secrets stay out of the services file, and out of every message, which names the
 * variable, never its value.
 *
 * @param method the request's method
 * @param headers the headers to send, secrets expanded
 * @param body the body to send, if any
 * @param contentType the body's type
 * @param maxBodyBytes how much of an answer's body is read; more fails the check
 * @param followRedirects whether redirects are followed
 */
record HttpRequestSettings(String method, Map<String, String> headers, Optional<String> body, String contentType,
        int maxBodyBytes, boolean followRedirects) {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    HttpRequestSettings {
        headers = Map.copyOf(headers);
    }

    /**
     * A service's request, or what is wrong with its settings.
     *
     * @param environment the process's environment, for {@code ${NAME}}
     * @param defaultMaxBodyBytes the limit where the service sets none
     * @throws IllegalArgumentException naming the setting (and the variable) that is wrong or missing
     */
    static HttpRequestSettings of(ServiceDefinition service, Function<String, Optional<String>> environment,
            int defaultMaxBodyBytes) {
        Map<String, String> settings = service.settings();
        String method = settings.getOrDefault("method", "GET").trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("settings.method must be one of " + String.join(", ",
                    new java.util.TreeSet<>(METHODS)) + ", was '" + settings.get("method") + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("headers.") && key.length() > "headers.".length()) {
                headers.put(key.substring("headers.".length()), EnvironmentValues.expand(key, value, environment));
            }
        });
        if (settings.containsKey("bearerToken")) {
            headers.put("Authorization", "Bearer " + EnvironmentValues.expand("bearerToken",
                    settings.get("bearerToken"), environment));
        }
        if (settings.containsKey("basicAuth.user")) {
            String credentials = EnvironmentValues.expand("basicAuth.user", settings.get("basicAuth.user"),
                    environment) + ":" + EnvironmentValues.expand("basicAuth.password",
                    settings.getOrDefault("basicAuth.password", ""), environment);
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Optional<String> body = Optional.ofNullable(settings.get("body"))
                .map(b -> EnvironmentValues.expand("body", b, environment));
        int maxBodyBytes = defaultMaxBodyBytes;
        String limit = settings.get("maxBodyBytes");
        if (limit != null) {
            try {
                maxBodyBytes = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                maxBodyBytes = -1;
            }
            if (maxBodyBytes < 0) {
                throw new IllegalArgumentException("settings.maxBodyBytes must be a number of bytes, was '" + limit
                        + "'");
            }
        }
        boolean follow = !"false".equalsIgnoreCase(settings.getOrDefault("followRedirects", "true").trim());
        return new HttpRequestSettings(method, headers, body, settings.getOrDefault("contentType",
                "application/json"), maxBodyBytes, follow);
    }
}
