package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.IncidentStorageException;
import io.devmentor.monitoring.core.Incidents;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.NotificationRecord;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
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
    private final ApiToken apiToken;
    private final Instant startedAt;
    private final RequestBodies bodies;

    private final JsonNode openApi;
    private final String dashboardPage;
    private final DashboardStore dashboardStore;
    private final Router router;

    ApiHandler(Monitoring monitoring, ServerSettings settings, PrometheusMeterRegistry prometheus, ObjectMapper json,
            Instant startedAt) {
        this.monitoring = monitoring;
        this.prometheus = prometheus;
        this.json = json;
        this.allowedOrigin = settings.frontendUrl();
        this.apiToken = new ApiToken(settings.apiToken());
        this.startedAt = startedAt;
        this.bodies = new RequestBodies(json);
        try (java.io.InputStream in = ApiHandler.class.getResourceAsStream("openapi.json")) {
            this.openApi = json.readTree(java.util.Objects.requireNonNull(in, "openapi.json is missing"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("openapi.json cannot be read", e);
        }
        try (java.io.InputStream in = ApiHandler.class.getClassLoader()
                .getResourceAsStream("META-INF/monitoring/app/index.html")) {
            this.dashboardPage = new String(java.util.Objects.requireNonNull(in, "the dashboard is missing")
                    .readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the dashboard cannot be read", e);
        }
        this.dashboardStore = new DashboardStore(monitoring.configuration().dataDirectory(), json, monitoring.clock());
        this.router = routes();
    }

    @Override
    public void service(Request request, Response response) {
        try {
            serve(request, response);
        } catch (IOException e) {
            // The client went away or stopped reading: nothing to answer, and no stack trace for what a client does.
            log.debug("{} {}: the answer could not be written: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            WriteFailures.hangUp(request);
        }
    }

    private void serve(Request request, Response response) throws IOException {
        long started = System.nanoTime();
        SecurityHeaders.apply(response);
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
                // Split the raw path, then decode each segment once (RequestUriFilter has refused bad encodings).
                List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty())
                        .map(segment -> java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
                        .collect(Collectors.toList());
                Router.Match match = router.match(request.getMethod().getMethodString(), parts);
                route = match.template();
                Router.Handler handler = match.handler().orElseThrow(() -> match.allowed().isEmpty()
                        ? HttpProblem.notFound("no route " + request.getMethod() + " " + path)
                        : new HttpProblem(405, "method " + request.getMethod() + " is not allowed on " + path
                                + " (allowed: " + String.join(", ", match.allowed()) + ")"));
                match.checkQuery(request.getParameterNames());
                Router.Answer answer = handler.handle(request, match.params());
                status = answer.status();
                if (answer.body() instanceof String text) {
                    write(response, status, PROMETHEUS_TEXT, text);
                } else if (answer.body() instanceof Router.Html html) {
                    write(response, status, "text/html; charset=utf-8", html.text());
                } else {
                    writeJson(response, status, answer.body());
                }
            }
        } catch (HttpProblem problem) {
            status = problem.status();
            if (status == 401) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"devmentor-monitoring\"");
            }
            writeJson(response, status, error(problem.message(), request));
        } catch (IncidentStorageException e) {
            status = 503;
            log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            writeJson(response, status, error("the incident store is unavailable; nothing was changed", request));
        } catch (IOException e) {
            status = 400;
            writeJson(response, status, error("the request could not be read: " + e.getMessage(), request));
        } catch (RuntimeException e) {
            status = 500;
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            writeJson(response, 500, error("internal error", request));
        }
        Timer.builder("http.request.duration")
                .description("Duration of the server's own HTTP requests")
                .tag("method", methodTag(request.getMethod().getMethodString()))
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(prometheus)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * Every route of the API, declared once. The incidents' routes turn the engine's refusals into answers: an
     * unknown incident 404, a change its state does not allow 409, bad input 400.
     */
    private Router routes() {
        return new Router()
                .get("/health", (request, p) -> Router.Answer.ok(health()))
                // MicroProfile Health's three probes, for Kubernetes: answered once the engine runs (503 before).
                .get("/health/live", (request, p) -> Router.Answer.ok(microProfileHealth("alive")))
                .get("/health/ready", (request, p) -> Router.Answer.ok(microProfileHealth("ready")))
                .get("/health/started", (request, p) -> Router.Answer.ok(microProfileHealth("started")))
                .get("/metrics", (request, p) -> Router.Answer.ok(prometheus.scrape()))
                .get("/", (request, p) -> Router.Answer.ok(new Router.Html(dashboardPage)))
                .get("/api/openapi.json", (request, p) -> Router.Answer.ok(openApi))
                .get("/api/services", (request, p) -> Router.Answer.ok(JsonViews.services(monitoring.services(),
                        now())))
                .get("/api/services/{name}", (request, p) -> Router.Answer.ok(JsonViews.service(
                        monitoring.service(p.get("name")).orElseThrow(() -> HttpProblem.notFound(
                                "no service named '" + p.get("name") + "'")), now())))
                .post("/api/services/{name}/restart", (request, p) -> restart(request, p.get("name")))
                .get("/api/metrics", (request, p) -> Router.Answer.ok(metrics()))
                .get("/api/metrics/history", Set.of("series", "from", "to", "step"),
                        (request, p) -> Router.Answer.ok(history(request)))
                .get("/api/metrics/series", (request, p) -> Router.Answer.ok(Map.of("series",
                        monitoring.historySeries())))
                .get("/api/events", Set.of("pattern", "service", "limit"),
                        (request, p) -> Router.Answer.ok(events(request)))
                .get("/api/incidents", Set.of("status", "severity", "service", "limit", "offset"),
                        incidentRoute((request, p) -> Router.Answer.ok(listIncidents(request))))
                .post("/api/incidents", incidentRoute((request, p) -> openIncident(request)))
                .get("/api/incidents/{id}", incidentRoute((request, p) -> Router.Answer.ok(JsonViews.incident(
                        monitoring.incidents().find(p.get("id")).orElseThrow(() -> new NoSuchElementException(
                                "no incident " + p.get("id")))))))
                .post("/api/incidents/{id}/acknowledge", incidentRoute((request, p) -> change(request, p.get("id"),
                        true)))
                .post("/api/incidents/{id}/resolve", incidentRoute((request, p) -> change(request, p.get("id"),
                        false)))
                .get("/api/incidents/{id}/analysis", incidentRoute((request, p) -> Router.Answer.ok(
                        JsonViews.analysis(monitoring.analysis(p.get("id")).orElseThrow(() ->
                                new NoSuchElementException("no incident " + p.get("id")))))))
                .post("/api/incidents/{id}/comments", incidentRoute((request, p) -> comment(request, p.get("id"))))
                .get("/api/notifications", Set.of("incident", "limit"),
                        (request, p) -> Router.Answer.ok(notifications(request)))
                .get("/api/plugins", (request, p) -> Router.Answer.ok(monitoring.plugins()))
                .get("/api/predictions", (request, p) -> Router.Answer.ok(monitoring.predictions().stream()
                        .map(JsonViews::prediction).collect(Collectors.toList())))
                .get("/api/dashboards", (request, p) -> Router.Answer.ok(Map.of("dashboards", dashboardStore.all())))
                .get("/api/dashboards/{name}", (request, p) -> Router.Answer.ok(dashboardStore.find(p.get("name"))
                        .orElseThrow(() -> HttpProblem.notFound("no dashboard named '" + p.get("name") + "'"))))
                .put("/api/dashboards/{name}", (request, p) -> {
                    authorize(request);
                    JsonNode body = bodies.object(request, Set.of("panels"));
                    return Router.Answer.ok(dashboardStore.save(p.get("name"), body));
                })
                .delete("/api/dashboards/{name}", (request, p) -> {
                    authorize(request);
                    if (!dashboardStore.delete(p.get("name"))) {
                        throw HttpProblem.notFound("no dashboard named '" + p.get("name") + "'");
                    }
                    return Router.Answer.ok(Map.of("deleted", p.get("name")));
                })
                .get("/api/patterns", Set.of("service"), (request, p) -> Router.Answer.ok(JsonViews.patterns(
                        monitoring.patterns(Optional.ofNullable(request.getParameter("service"))
                                .filter(s -> !s.isBlank())))))
                .get("/api/sla", (request, p) -> Router.Answer.ok(Map.of("services", monitoring.sla().stream()
                        .map(JsonViews::sla).toList())))
                .get("/api/sla/{service}", (request, p) -> {
                    String name = p.get("service");
                    if (monitoring.service(name).isEmpty()) {
                        throw HttpProblem.notFound("no service named '" + name + "'");
                    }
                    return Router.Answer.ok(JsonViews.sla(monitoring.sla(name).orElseThrow(() ->
                            HttpProblem.notFound("service '" + name + "' has no objectives: give it an sla"
                                    + " section (availability, latency, latencyPercentile) in the services file"))));
                })
                .get("/api/baselines", Set.of("series", "service"),
                        (request, p) -> Router.Answer.ok(baselines(request)))
                .get("/api/knowledge", (request, p) -> Router.Answer.ok(Map.of("entries", monitoring.knowledge()
                        .stream().map(JsonViews::suggestion).toList())))
                .get("/api/cluster", (request, p) -> Router.Answer.ok(Map.of("self", monitoring.instanceId(),
                        "members", monitoring.clusterMembers())));
    }

    /** The declared routes, as {@code METHOD template}. */
    List<String> declaredRoutes() {
        return router.declared();
    }

    /** The engine's refusals of an incident route as answers: 404, 409, 400. */
    private static Router.Handler incidentRoute(Router.Handler handler) {
        return (request, params) -> {
            try {
                return handler.handle(request, params);
            } catch (NoSuchElementException e) {
                throw HttpProblem.notFound(e.getMessage());
            } catch (IllegalStateException e) {
                throw new HttpProblem(409, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest(e.getMessage());
            }
        };
    }

    private Router.Answer restart(Request request, String name) {
        authorize(request);
        try {
            monitoring.restart(name, "api");
        } catch (NoSuchElementException e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw new HttpProblem(409, e.getMessage());
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("message", "Service restart initiated");
        accepted.put("service", name);
        return new Router.Answer(202, accepted);
    }

    private Router.Answer openIncident(Request request) throws IOException {
        authorize(request);
        JsonNode body = bodies.object(request, Set.of("service", "description", "severity", "actor"));
        // A severity that is none of the four is a 400, as every IllegalArgumentException of an incident route.
        IncidentSeverity severity = IncidentSeverity.parse(RequestBodies.requiredText(body, "severity"));
        Incident created = monitoring.incidents().open(RequestBodies.requiredText(body, "service"),
                RequestBodies.requiredText(body, "description"), severity, actor(body));
        return new Router.Answer(201, JsonViews.incident(created));
    }

    /** Acknowledges or resolves an incident, with an optional note. */
    private Router.Answer change(Request request, String id, boolean acknowledge) throws IOException {
        authorize(request);
        JsonNode body = bodies.object(request, Set.of("note", "actor"));
        Optional<String> note = RequestBodies.text(body, "note");
        Incidents incidents = monitoring.incidents();
        Incident changed = acknowledge ? incidents.acknowledge(id, actor(body), note)
                : incidents.resolve(id, actor(body), note);
        return Router.Answer.ok(JsonViews.incident(changed));
    }

    private Router.Answer comment(Request request, String id) throws IOException {
        authorize(request);
        JsonNode body = bodies.object(request, Set.of("text", "actor"));
        Incident changed = monitoring.incidents().comment(id, actor(body), RequestBodies.requiredText(body, "text"));
        return new Router.Answer(201, JsonViews.incident(changed));
    }

    /**
     * {@code GET /api/baselines}: every series' baseline without its profiles, or, with {@code series}, that
     * series' with its hourly profiles; {@code service} keeps one service's.
     */
    private Map<String, Object> baselines(Request request) {
        String series = request.getParameter("series");
        String service = request.getParameter("service");
        List<Object> views = new java.util.ArrayList<>();
        for (io.devmentor.monitoring.api.Baseline baseline : monitoring.baselines()) {
            if ((series == null || series.equals(baseline.series()))
                    && (service == null || service.equals(baseline.service()))) {
                views.add(JsonViews.baseline(baseline, series != null));
            }
        }
        if (series != null && views.isEmpty()) {
            throw HttpProblem.notFound("no baseline for series '" + series + "' (see /api/baselines)");
        }
        return Map.of("baselines", views);
    }

    private static final int MAX_HISTORY_STEPS = 10_000;

    /** {@code series} (required), {@code from} and {@code to} (ISO-8601 or epoch milliseconds), {@code step} (seconds or 5m, 1h). */
    private Map<String, Object> history(Request request) {
        String series = request.getParameter("series");
        if (series == null || series.isBlank()) {
            throw HttpProblem.badRequest("series is required, such as system.cpu.usage.percent (see /api/metrics/series)");
        }
        Instant to = instantParameter(request, "to", now());
        Instant from = instantParameter(request, "from", to.minus(Duration.ofHours(1)));
        Duration step = durationParameter(request, "step", Duration.ofMinutes(1));
        if (!from.isBefore(to)) {
            throw HttpProblem.badRequest("from must be before to");
        }
        if (step.compareTo(Duration.ofMinutes(1)) < 0) {
            throw HttpProblem.badRequest("step must be at least 60 seconds (the history keeps minute steps)");
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_HISTORY_STEPS) {
            throw HttpProblem.badRequest("at most " + MAX_HISTORY_STEPS + " steps: widen step or narrow from and to");
        }
        List<Object> points = new ArrayList<>();
        for (io.devmentor.monitoring.api.HistoryPoint point : monitoring.history(series, from, to, step)) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("start", point.start().toString());
            view.put("min", point.min());
            view.put("avg", point.avg());
            view.put("max", point.max());
            view.put("count", point.count());
            points.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("stepSeconds", step.toSeconds());
        body.put("points", points);
        return body;
    }

    private static Instant instantParameter(Request request, String name, Instant fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(value))
                    : Instant.parse(value);
        } catch (RuntimeException e) {
            throw HttpProblem.badRequest(name + " must be an ISO-8601 time such as 2026-11-24T10:00:00Z or epoch"
                    + " milliseconds, was '" + value + "'");
        }
    }

    private static Duration durationParameter(Request request, String name, Duration fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)").matcher(value);
        if (!m.matches()) {
            throw HttpProblem.badRequest(name + " must be seconds or a duration such as 5m, 1h, 1d, was '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }

    private Map<String, Object> notifications(Request request) {
        int limit = intParameter(request, "limit", 100, 1, 1000);
        List<Object> records = new ArrayList<>();
        for (NotificationRecord record : monitoring.notifications(Optional.ofNullable(request.getParameter("incident")),
                limit)) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", record.id());
            view.put("incidentId", record.incidentId());
            view.put("service", record.service());
            view.put("channel", record.channel());
            view.put("transition", record.transition());
            view.put("status", record.status());
            view.put("attempts", record.attempts());
            view.put("lastError", record.lastError().orElse(null));
            view.put("createdAt", record.createdAt().toString());
            view.put("updatedAt", record.updatedAt().toString());
            records.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("notifications", records);
        body.put("count", records.size());
        return body;
    }

    private Map<String, Object> listIncidents(Request request) {
        Optional<IncidentStatus> status;
        Optional<IncidentSeverity> severity;
        try {
            String statusText = Optional.ofNullable(request.getParameter("status")).orElse("all");
            status = statusText.equalsIgnoreCase("all") ? Optional.empty() : Optional.of(IncidentStatus.parse(statusText));
            severity = Optional.ofNullable(request.getParameter("severity")).map(IncidentSeverity::parse);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(String.valueOf(e.getMessage()).replace("status must be one of open, acknowledged, resolved",
                    "status must be one of open, acknowledged, resolved, all"));
        }
        int limit = intParameter(request, "limit", 50, 1, 1000);
        int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
        IncidentPage page = monitoring.incidents().query(new IncidentQuery(status, severity,
                Optional.ofNullable(request.getParameter("service")), limit, offset));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidents", page.items().stream().map(JsonViews::incident).collect(Collectors.toList()));
        body.put("total", page.total());
        body.put("limit", limit);
        body.put("offset", offset);
        return body;
    }

    private void authorize(Request request) {
        apiToken.checkHeader(request.getHeader("Authorization"));
    }

    private static String actor(JsonNode body) {
        String actor = RequestBodies.text(body, "actor").orElse("api");
        if (actor.isBlank() || actor.length() > 128) {
            throw HttpProblem.badRequest("actor must be 1–128 characters");
        }
        return actor;
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

    /**
     * A probe's answer in the MicroProfile Health form, {@code {"status":"UP","checks":[…]}}: the server's one
     * check, up, with what it watches. The watched services' own health is not the server's.
     */
    private Map<String, Object> microProfileHealth(String what) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uptimeSeconds", Duration.between(startedAt, now()).toSeconds());
        data.put("services", monitoring.services().size());
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", "monitoring-server " + what);
        check.put("status", "UP");
        check.put("data", data);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("checks", List.of(check));
        return body;
    }

    private Map<String, Object> metrics() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("services", JsonViews.services(monitoring.services(), now()));
        body.put("system", monitoring.systemMetrics().map(JsonViews::system).orElse(null));
        // Always there, as the seed's clients read data.docker: empty without Docker.
        body.put("docker", JsonViews.containers(monitoring.samples().getOrDefault("docker", List.of())));
        return body;
    }

    private Map<String, Object> events(Request request) {
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

    /** Tags come from closed sets: a client may send any method name, and each new one would be a new series. */
    private static String methodTag(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH" -> method;
            default -> "OTHER";
        };
    }

    private void cors(Request request, Response response) {
        String origin = request.getHeader("Origin");
        if (origin != null && origin.equals(allowedOrigin)) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Vary", "Origin");
            response.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
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
