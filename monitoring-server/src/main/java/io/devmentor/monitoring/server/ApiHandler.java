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
import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.core.ServiceState;
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
                Routed routed = route(request, path);
                route = routed.route();
                status = routed.status();
                if (routed.body() instanceof String) {
                    write(response, status, PROMETHEUS_TEXT, (String) routed.body());
                } else if (routed.body() instanceof Html html) {
                    write(response, status, "text/html; charset=utf-8", html.text());
                } else {
                    writeJson(response, status, routed.body());
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

    private record Routed(String route, int status, Object body) {
        Routed(String route, Object body) {
            this(route, 200, body);
        }
    }

    private Routed route(Request request, String path) throws IOException {
        // Split the raw path, then decode each segment once (RequestUriFilter has refused bad encodings already).
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty())
                .map(segment -> java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.toList());
        boolean get = Method.GET.equals(request.getMethod()) || Method.HEAD.equals(request.getMethod());
        if (parts.equals(List.of("health"))) {
            requireGet(get, request);
            return new Routed("/health", health());
        }
        if (parts.equals(List.of("metrics"))) {
            requireGet(get, request);
            return new Routed("/metrics", prometheus.scrape());
        }
        if (parts.isEmpty()) {
            requireGet(get, request);
            return new Routed("/", new Html(dashboardPage));
        }
        if (parts.equals(List.of("api", "openapi.json"))) {
            requireGet(get, request);
            return new Routed("/api/openapi.json", openApi);
        }
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            switch (parts.get(1)) {
                case "services":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/services", JsonViews.services(monitoring.services(), now()));
                    }
                    if (parts.size() == 4 && parts.get(3).equals("restart")) {
                        requirePost(Method.POST.equals(request.getMethod()), request);
                        authorize(request);
                        String name = parts.get(2);
                        try {
                            monitoring.restart(name, "api");
                        } catch (java.util.NoSuchElementException e) {
                            throw HttpProblem.notFound(e.getMessage());
                        } catch (IllegalStateException e) {
                            throw new HttpProblem(409, e.getMessage());
                        }
                        Map<String, Object> accepted = new LinkedHashMap<>();
                        accepted.put("message", "Service restart initiated");
                        accepted.put("service", name);
                        return new Routed("/api/services/{name}/restart", 202, accepted);
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
                    if (parts.size() == 3 && parts.get(2).equals("history")) {
                        requireGet(get, request);
                        return new Routed("/api/metrics/history", history(request));
                    }
                    if (parts.size() == 3 && parts.get(2).equals("series")) {
                        requireGet(get, request);
                        return new Routed("/api/metrics/series", Map.of("series", monitoring.historySeries()));
                    }
                    break;
                case "events":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/events", events(request));
                    }
                    break;
                case "incidents":
                    try {
                        return incidents(request, parts, get);
                    } catch (NoSuchElementException e) {
                        throw HttpProblem.notFound(e.getMessage());
                    } catch (IllegalStateException e) {
                        throw new HttpProblem(409, e.getMessage());
                    } catch (IllegalArgumentException e) {
                        throw HttpProblem.badRequest(e.getMessage());
                    }
                case "notifications":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/notifications", notifications(request));
                    }
                    break;
                case "plugins":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/plugins", monitoring.plugins());
                    }
                    break;
                case "predictions":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/predictions", monitoring.predictions().stream()
                                .map(JsonViews::prediction).collect(java.util.stream.Collectors.toList()));
                    }
                    break;
                case "dashboards":
                    return dashboards(request, parts, get);
                case "patterns":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        for (String name : request.getParameterNames()) {
                            if (!name.equals("service")) {
                                throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: service)");
                            }
                        }
                        return new Routed("/api/patterns", JsonViews.patterns(monitoring.patterns(
                                Optional.ofNullable(request.getParameter("service")).filter(s -> !s.isBlank()))));
                    }
                    break;
                case "sla":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/sla", Map.of("services", monitoring.sla().stream()
                                .map(JsonViews::sla).toList()));
                    }
                    if (parts.size() == 3) {
                        requireGet(get, request);
                        String name = parts.get(2);
                        if (monitoring.service(name).isEmpty()) {
                            throw HttpProblem.notFound("no service named '" + name + "'");
                        }
                        return new Routed("/api/sla/{service}", JsonViews.sla(monitoring.sla(name).orElseThrow(() ->
                                HttpProblem.notFound("service '" + name + "' has no objectives: give it an sla"
                                        + " section (availability, latency, latencyPercentile) in the services file"))));
                    }
                    break;
                case "baselines":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/baselines", baselines(request));
                    }
                    break;
                case "knowledge":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/knowledge", Map.of("entries", monitoring.knowledge().stream()
                                .map(JsonViews::suggestion).toList()));
                    }
                    break;
                case "cluster":
                    if (parts.size() == 2) {
                        requireGet(get, request);
                        return new Routed("/api/cluster", Map.of("self", monitoring.instanceId(),
                                "members", monitoring.clusterMembers()));
                    }
                    break;
                default:
                    break;
            }
        }
        throw HttpProblem.notFound("no route " + request.getMethod() + " " + path);
    }

    private Routed incidents(Request request, List<String> parts, boolean get) throws IOException {
        boolean post = Method.POST.equals(request.getMethod());
        Incidents incidents = monitoring.incidents();
        if (parts.size() == 2) {
            if (get) {
                return new Routed("/api/incidents", listIncidents(request));
            }
            requirePost(post, request);
            authorize(request);
            JsonNode body = bodies.object(request, Set.of("service", "description", "severity", "actor"));
            IncidentSeverity severity;
            try {
                severity = IncidentSeverity.parse(RequestBodies.requiredText(body, "severity"));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest(e.getMessage());
            }
            Incident created = incidents.open(RequestBodies.requiredText(body, "service"),
                    RequestBodies.requiredText(body, "description"), severity, actor(body));
            return new Routed("/api/incidents", 201, JsonViews.incident(created));
        }
        String id = parts.get(2);
        if (parts.size() == 3) {
            requireGet(get, request);
            Incident incident = incidents.find(id).orElseThrow(() -> new NoSuchElementException("no incident " + id));
            return new Routed("/api/incidents/{id}", JsonViews.incident(incident));
        }
        if (parts.size() == 4) {
            String action = parts.get(3);
            switch (action) {
                case "acknowledge":
                case "resolve": {
                    requirePost(post, request);
                    authorize(request);
                    JsonNode body = bodies.object(request, Set.of("note", "actor"));
                    Optional<String> note = RequestBodies.text(body, "note");
                    Incident changed = action.equals("acknowledge")
                            ? incidents.acknowledge(id, actor(body), note)
                            : incidents.resolve(id, actor(body), note);
                    return new Routed("/api/incidents/{id}/" + action, JsonViews.incident(changed));
                }
                case "analysis": {
                    requireGet(get, request);
                    return new Routed("/api/incidents/{id}/analysis", JsonViews.analysis(monitoring.analysis(id)
                            .orElseThrow(() -> new NoSuchElementException("no incident " + id))));
                }
                case "comments": {
                    requirePost(post, request);
                    authorize(request);
                    JsonNode body = bodies.object(request, Set.of("text", "actor"));
                    Incident changed = incidents.comment(id, actor(body), RequestBodies.requiredText(body, "text"));
                    return new Routed("/api/incidents/{id}/comments", 201, JsonViews.incident(changed));
                }
                default:
                    break;
            }
        }
        throw HttpProblem.notFound("no route " + request.getMethod() + " " + request.getRequestURI());
    }

    /**
     * {@code GET /api/baselines}: every series' baseline without its profiles, or, with {@code series}, that
     * series' with its hourly profiles; {@code service} keeps one service's.
     */
    private Map<String, Object> baselines(Request request) {
        for (String name : request.getParameterNames()) {
            if (!Set.of("series", "service").contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: series, service)");
            }
        }
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

    /** {@code /api/dashboards}: list and read for everyone, save ({@code PUT}) and delete behind the token. */
    private Routed dashboards(Request request, List<String> parts, boolean get) throws IOException {
        if (parts.size() == 2) {
            requireGet(get, request);
            return new Routed("/api/dashboards", Map.of("dashboards", dashboardStore.all()));
        }
        if (parts.size() != 3) {
            throw HttpProblem.notFound("no route " + request.getMethod() + " " + request.getRequestURI());
        }
        String name = parts.get(2);
        if (get) {
            return new Routed("/api/dashboards/{name}", dashboardStore.find(name)
                    .orElseThrow(() -> HttpProblem.notFound("no dashboard named '" + name + "'")));
        }
        if (Method.PUT.equals(request.getMethod())) {
            authorize(request);
            JsonNode body = bodies.object(request, Set.of("panels"));
            return new Routed("/api/dashboards/{name}", dashboardStore.save(name, body));
        }
        if (Method.DELETE.equals(request.getMethod())) {
            authorize(request);
            if (!dashboardStore.delete(name)) {
                throw HttpProblem.notFound("no dashboard named '" + name + "'");
            }
            return new Routed("/api/dashboards/{name}", Map.of("deleted", name));
        }
        throw new HttpProblem(405, "method " + request.getMethod() + " is not allowed on " + request.getRequestURI());
    }

    /** An HTML page, written as such. */
    private record Html(String text) {
    }

    private static final int MAX_HISTORY_STEPS = 10_000;

    /** {@code series} (required), {@code from} and {@code to} (ISO-8601 or epoch milliseconds), {@code step} (seconds or 5m, 1h). */
    private Map<String, Object> history(Request request) {
        for (String name : request.getParameterNames()) {
            if (!Set.of("series", "from", "to", "step").contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: from, series, step, to)");
            }
        }
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
        for (String name : request.getParameterNames()) {
            if (!name.equals("incident") && !name.equals("limit")) {
                throw HttpProblem.badRequest("unknown query parameter '" + name + "' (known: incident, limit)");
            }
        }
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
        Set<String> known = Set.of("status", "severity", "service", "limit", "offset");
        for (String name : request.getParameterNames()) {
            if (!known.contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter '" + name
                        + "' (known: limit, offset, service, severity, status)");
            }
        }
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

    private static void requirePost(boolean post, Request request) {
        if (!post) {
            throw new HttpProblem(405, "method " + request.getMethod() + " is not allowed on " + request.getRequestURI());
        }
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
        if (monitoring.plugins().stream().anyMatch(p -> p.name().equals("docker")
                && p.extensionPoint().equals("MetricsCollectorProvider") && p.state() == PluginStatus.State.ACTIVE)) {
            body.put("docker", JsonViews.containers(monitoring.samples().getOrDefault("docker", List.of())));
        }
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
