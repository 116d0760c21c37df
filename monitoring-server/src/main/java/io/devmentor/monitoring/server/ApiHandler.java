package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.ServiceState;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST routes and {@code /metrics}. Every answer is JSON in UTF-8 (but {@code /metrics}); bad input
 * gets a 400 that names the problem, an unknown route a JSON 404, and a failure here a JSON 500 without
 * a stack trace.
 */
final class ApiHandler extends HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final int MAX_EVENTS = 1000;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Monitoring monitoring;
    private final PrometheusMeterRegistry prometheus;
    private final ObjectMapper json;
    private final String allowedOrigin;
    private final Instant startedAt;

    ApiHandler(Monitoring monitoring, PrometheusMeterRegistry prometheus, ObjectMapper json, String allowedOrigin,
            Instant startedAt) {
        this.monitoring = monitoring;
        this.prometheus = prometheus;
        this.json = json;
        this.allowedOrigin = allowedOrigin;
        this.startedAt = startedAt;
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        long started = System.nanoTime();
        String route = "unmatched";
        int status;
        try {
            cors(request, response);
            String path = request.getRequestURI();
            if (Method.OPTIONS.equals(request.getMethod())) {
                route = "preflight";
                response.setStatus(204);
                status = 204;
            } else {
                Routed routed = route(request, path);
                route = routed.route();
                if (routed.body() instanceof String) {
                    status = 200;
                    write(response, 200, PROMETHEUS_TEXT, (String) routed.body());
                } else {
                    status = 200;
                    writeJson(response, 200, routed.body());
                }
            }
        } catch (HttpProblem problem) {
            status = problem.status();
            writeJson(response, status, error(problem.getMessage(), request));
        } catch (RuntimeException e) {
            status = 500;
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            writeJson(response, 500, error("internal error", request));
        }
        Timer.builder("http.request.duration")
                .description("Duration of the server's own HTTP requests")
                .tag("method", request.getMethod().getMethodString())
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(prometheus)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private record Routed(String route, Object body) {
    }

    private Routed route(Request request, String path) {
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).collect(Collectors.toList());
        boolean get = Method.GET.equals(request.getMethod()) || Method.HEAD.equals(request.getMethod());
        if (parts.equals(List.of("health"))) {
            requireGet(get, request);
            return new Routed("/health", health());
        }
        if (parts.equals(List.of("metrics"))) {
            requireGet(get, request);
            return new Routed("/metrics", prometheus.scrape());
        }
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            switch (parts.get(1)) {
                case "services":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/services", JsonViews.services(monitoring.services(), now()));
                    }
                    if (parts.size() == 3) {
                        requireGet(get, request);
                        ServiceState state = monitoring.service(parts.get(2))
                                .orElseThrow(() -> HttpProblem.notFound("no service named '" + parts.get(2) + "'"));
                        return new Routed("/api/services/{name}", JsonViews.service(state, now()));
                    }
                    break;
                case "metrics":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/metrics", metrics());
                    }
                    break;
                case "events":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/events", events(request));
                    }
                    break;
                case "plugins":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/plugins", monitoring.plugins());
                    }
                    break;
                default:
                    break;
            }
        }
        throw HttpProblem.notFound("no route " + request.getMethod() + " " + path);
    }

    private static void requireGet(boolean get, Request request) {
        if (!get) {
            throw new HttpProblem(405, "method " + request.getMethod() + " is not allowed on " + request.getRequestURI());
        }
    }

    private Instant now() {
        return monitoring.clock().instant();
    }

    private Map<String, Object> health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        body.put("timestamp", now().toString());
        body.put("uptime", Duration.between(startedAt, now()).toSeconds());
        return body;
    }

    private Map<String, Object> metrics() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("services", JsonViews.services(monitoring.services(), now()));
        body.put("system", monitoring.systemMetrics().map(JsonViews::system).orElse(null));
        return body;
    }

    private Map<String, Object> events(Request request) {
        Set<String> known = Set.of("pattern", "service", "limit");
        for (String name : request.getParameterNames()) {
            if (!known.contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: limit, pattern, service)");
            }
        }
        int limit = intParameter(request, "limit", 100, 1, MAX_EVENTS);
        String[] patterns = request.getParameterValues("pattern");
        String[] services = request.getParameterValues("service");
        EventFilter filter;
        try {
            filter = new EventFilter(patterns == null ? List.of("*") : splitAll(patterns),
                    services == null ? Set.of() : Set.copyOf(splitAll(services)));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        List<Object> events = monitoring.events(filter, limit).stream()
                .map(JsonViews::event).collect(Collectors.toList());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", events);
        body.put("count", events.size());
        return body;
    }

    private static List<String> splitAll(String[] values) {
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).distinct().collect(Collectors.toList());
    }

    static int intParameter(Request request, String name, int fallback, int min, int max) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }

    private void cors(Request request, Response response) {
        String origin = request.getHeader("Origin");
        if (origin != null && origin.equals(allowedOrigin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
            response.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        }
    }

    private static Map<String, Object> error(String message, Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("path", request.getRequestURI());
        return body;
    }

    private void writeJson(Response response, int status, Object body) throws IOException {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            log.error("cannot write JSON", e);
            status = 500;
            text = "{\"error\":\"internal error\"}";
        }
        write(response, status, "application/json; charset=utf-8", text);
    }

    private static void write(Response response, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        // One buffer for the whole body: when Grizzly flushes a large body in parts, it loses the headers set
        // here on requests that carry "Upgrade: h2c" (as the JDK's HTTP client sends).
        response.setBufferSize(bytes.length + 1024);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
