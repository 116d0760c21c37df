package io.devmentor.monitoring.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Push;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.EventStorageException;
import io.devmentor.monitoring.core.IncidentStorageException;
import io.devmentor.monitoring.core.SharedStorageException;
import io.devmentor.monitoring.core.Incidents;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.NotificationRecord;
import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.core.ScheduledMaintenance;
import io.devmentor.monitoring.json.PredictionForm;
import io.devmentor.monitoring.server.ApiOperation.AnswerType;
import io.devmentor.monitoring.server.ApiOperation.QueryParameter;
import io.micrometer.core.instrument.Counter;
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
import org.jspecify.annotations.Nullable;
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
    private final ApiTokens apiToken;
    private final Instant startedAt;
    private final RequestBodies bodies;

    /** Made on its first request, not at start: reading the records' schemas takes a few hundred milliseconds. */
    private @Nullable ObjectNode openApi;
    private final String dashboardPage;
    private final String statusPageHtml;
    private final StatusPage statusPage;
    private final DashboardStore dashboardStore;
    private final Router router;

    ApiHandler(Monitoring monitoring, ServerSettings settings, PrometheusMeterRegistry prometheus, ObjectMapper json,
            Instant startedAt, Optional<StatusPage.Settings> statusPage) {
        this.monitoring = monitoring;
        this.prometheus = prometheus;
        this.json = json;
        this.allowedOrigin = settings.frontendUrl();
        this.apiToken = new ApiTokens(settings.apiTokens());
        this.startedAt = startedAt;
        this.bodies = new RequestBodies(json);
        this.dashboardPage = page("index.html");
        this.statusPageHtml = page("status.html");
        this.statusPage = new StatusPage(monitoring, statusPage);
        this.dashboardStore = new DashboardStore(monitoring.configuration().dataDirectory(), monitoring.sharedStore(), json,
                monitoring.clock());
        this.router = routes();
    }

    private static String page(String name) {
        try (java.io.InputStream in = ApiHandler.class.getClassLoader()
                .getResourceAsStream("META-INF/monitoring/app/" + name)) {
            return new String(java.util.Objects.requireNonNull(in, name + " is missing").readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(name + " cannot be read", e);
        }
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
            // Bodies are JSON, whatever they are declared as: `curl -d '{…}'` declares its body form-encoded, and
            // Grizzly would read such a body as parameters (below, at the first parameter asked for) and leave none.
            String declared = request.getContentType();
            if (declared != null && declared.regionMatches(true, 0, FORM, 0, FORM.length())) {
                request.getRequest().setContentType("application/json");
            }
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
        } catch (EventStorageException e) {
            status = 503;
            log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            writeJson(response, status, error("the event history is unavailable", request));
        } catch (SharedStorageException e) {
            status = 503;
            log.error("{} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            writeJson(response, status, error("the shared store is unavailable; nothing was changed", request));
        } catch (IOException e) {
            status = 400;
            writeJson(response, status, error("the request could not be read: " + e.getMessage(), request));
        } catch (RuntimeException e) {
            status = 500;
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            writeJson(response, 500, error("internal error", request));
        }
        // The seed's histogram has {method, route}; the status of each answer is counted beside it.
        String method = methodTag(request.getMethod().getMethodString());
        Counter.builder("http.requests")
                .description("The server's own HTTP requests, by the status of their answer")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(prometheus)
                .increment();
        Timer.builder("http.request.duration")
                .description("Duration of the server's own HTTP requests")
                .tag("method", method)
                .tag("route", route)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(prometheus)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    static final String SESSION_HEADER = "X-Session-Id";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final QueryParameter SERVICE = QueryParameter.text("service", "only this service");
    private static final QueryParameter SERVICES = QueryParameter.text("service", "only these services, comma separated");
    private static final QueryParameter PATTERN = QueryParameter.text("pattern",
            "event type patterns such as service.*, comma separated");
    private static final QueryParameter EVENTS_LIMIT = QueryParameter.integer("limit", "how many, newest first", 1,
            MAX_EVENTS, 100);
    private static final QueryParameter EVENTS_FROM = QueryParameter.text("from",
            "only events at or after this time: ISO-8601 or epoch milliseconds");
    private static final QueryParameter EVENTS_TO = QueryParameter.text("to",
            "only events before this time: ISO-8601 or epoch milliseconds");
    private static final QueryParameter CORRELATION_ID = QueryParameter.text("correlationId",
            "only the events of one outage, incident or action");
    private static final QueryParameter CURSOR = QueryParameter.text("cursor",
            "the next page: the cursor of the page before");
    private static final QueryParameter INCIDENT_STATUS = QueryParameter.oneOf("status", "by status",
            List.of("open", "acknowledged", "resolved", "all"), true);
    private static final QueryParameter INCIDENT_SEVERITY = QueryParameter.oneOf("severity", "by severity",
            List.of("low", "medium", "high", "critical"), false);
    private static final QueryParameter INCIDENTS_LIMIT = QueryParameter.integer("limit", "a page's size", 1, 1000, 50);
    private static final QueryParameter OFFSET = QueryParameter.integer("offset", "how many to pass over", 0,
            Integer.MAX_VALUE, 0);
    private static final QueryParameter INCIDENT = QueryParameter.text("incident", "only this incident's");
    private static final QueryParameter NOTIFICATIONS_LIMIT = QueryParameter.integer("limit", "how many, newest first",
            1, 1000, 100);
    private static final QueryParameter SERIES = QueryParameter.required("series",
            "a series key, such as system.cpu.usage.percent (see /api/metrics/series)");
    private static final QueryParameter FROM = QueryParameter.text("from",
            "ISO-8601 or epoch milliseconds; an hour before to by default");
    private static final QueryParameter TO = QueryParameter.text("to", "ISO-8601 or epoch milliseconds; now by default");
    private static final QueryParameter STEP = QueryParameter.text("step", "seconds, or 5m, 1h, 1d; at least 60 s");
    private static final QueryParameter PUSH_STATUS = QueryParameter.oneOf("status", "what the job says of itself",
            List.of("down", "up"), true);
    private static final QueryParameter PUSH_MESSAGE = QueryParameter.text("msg", "what it says, up to 500 characters");
    private static final QueryParameter PUSH_PING = QueryParameter.text("ping", "how long its work took, in milliseconds");
    private static final QueryParameter PUSH_TOKEN = QueryParameter.text("token",
            "the service's push token (or Authorization: Bearer)");
    private static final QueryParameter BASELINE_SERIES = QueryParameter.text("series",
            "one series, with its hourly profiles");

    /**
     * Every route of the API, declared once with what the API reference says of it. The incidents' routes turn
     * the engine's refusals into answers: an unknown incident 404, a change its state does not allow 409, bad
     * input 400.
     */
    private Router routes() {
        AnswerType probe = AnswerType.json(JsonViews.Probe.class);
        return new Router()
                .get("/health", ApiOperation.read("server", "The server's own health",
                        AnswerType.json(JsonViews.Health.class)), (request, p) -> Router.Answer.ok(health()))
                // MicroProfile Health's three probes, for Kubernetes: answered once the engine runs (503 before).
                .get("/health/live", ApiOperation.read("server", "Liveness, in the MicroProfile Health form", probe),
                        (request, p) -> Router.Answer.ok(microProfileHealth("alive")))
                .get("/health/ready", ApiOperation.read("server", "Readiness, in the MicroProfile Health form",
                        probe), (request, p) -> Router.Answer.ok(microProfileHealth("ready")))
                .get("/health/started", ApiOperation.read("server", "Start-up, in the MicroProfile Health form",
                        probe), (request, p) -> Router.Answer.ok(microProfileHealth("started")))
                .get("/metrics", ApiOperation.read("server", "Metrics in the Prometheus text format",
                        AnswerType.text("text/plain")), (request, p) -> Router.Answer.ok(prometheus.scrape()))
                .get("/", ApiOperation.read("server", "The dashboard", AnswerType.text("text/html")),
                        (request, p) -> Router.Answer.ok(new Router.Html(dashboardPage)))
                .get("/status", ApiOperation.read("status page", "The public status page",
                        AnswerType.text("text/html")), (request, p) -> Router.Answer.ok(new Router.Html(statusPageHtml)))
                .get("/api/status", ApiOperation.read("status page", "The public status page's figures: each shown"
                        + " service's status and daily uptime over 90 days, incidents under way, maintenance ahead;"
                        + " nothing internal", AnswerType.json(JsonViews.StatusPageView.class)).refuses(404),
                        (request, p) -> Router.Answer.ok(statusPage.view().orElseThrow(() -> HttpProblem.notFound(
                                "no status page: add a statusPage section to the services file"))))
                .get("/api/openapi.json", ApiOperation.read("server", "This document, made from the routes",
                        AnswerType.json(Object.class)), (request, p) -> Router.Answer.ok(openApi()))
                .get("/api/services", ApiOperation.read("services", "Every service by name",
                        AnswerType.json(Map.class, String.class, JsonViews.Service.class)),
                        (request, p) -> Router.Answer.ok(JsonViews.services(monitoring.services(), now(), monitoring::restartable)))
                .get("/api/services/{name}", ApiOperation.read("services", "A service",
                        AnswerType.json(JsonViews.Service.class)).path("name", "a service").refuses(404),
                        (request, p) -> Router.Answer.ok(JsonViews.Service.of(monitoring.service(p.get("name"))
                                .orElseThrow(() -> HttpProblem.notFound("no service named '" + p.get("name") + "'")),
                                now(), monitoring.restartable(p.get("name")))))
                .post("/api/services/{name}/restart", ApiOperation.change("services",
                        "Restarts a service through its controller", 202,
                        AnswerType.json(JsonViews.RestartAccepted.class)).path("name", "a service").refuses(404, 409),
                        (request, p) -> restart(request, p.get("name")))
                .get("/api/heartbeats", ApiOperation.read("services", "Each service's last checks (up to 50),"
                        + " the oldest first, for heartbeat bars", AnswerType.json(JsonViews.Heartbeats.class))
                        .query(SERVICES).refuses(400), (request, p) -> Router.Answer.ok(heartbeats(request)))
                .get("/api/uptime", ApiOperation.read("services", "Each service's share of checks that were not"
                        + " down over the last day, week and month, from the metric history",
                        AnswerType.json(JsonViews.Uptimes.class)).query(SERVICES).refuses(400),
                        (request, p) -> Router.Answer.ok(uptimes(request)))
                .post("/api/push/{service}", new ApiOperation("services", "A push monitor's report of itself, with"
                        + " the service's own token", List.of(PUSH_STATUS, PUSH_MESSAGE, PUSH_PING, PUSH_TOKEN),
                        Map.of("service", "a service of type push"), Optional.empty(), 202,
                        AnswerType.json(JsonViews.PushAccepted.class), new java.util.TreeSet<>(Set.of(400, 401, 404,
                                409)), false), (request, p) -> push(request, p.get("service")))
                .get("/api/metrics", ApiOperation.read("metrics",
                        "The services, the host and the containers (docker is empty without Docker)",
                        AnswerType.json(JsonViews.Metrics.class)), (request, p) -> Router.Answer.ok(metrics()))
                .get("/api/metrics/history", ApiOperation.read("metrics", "A series' history in steps",
                        AnswerType.json(JsonViews.History.class)).query(SERIES, FROM, TO, STEP),
                        (request, p) -> Router.Answer.ok(history(request)))
                .get("/api/metrics/series", ApiOperation.read("metrics", "The series the history keeps",
                        AnswerType.json(JsonViews.SeriesList.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.SeriesList(monitoring.historySeries())))
                .get("/api/events", ApiOperation.read("events", "The event history, the most recent first, a page at a time",
                        AnswerType.json(JsonViews.Events.class)).query(PATTERN, SERVICES, EVENTS_FROM, EVENTS_TO,
                        CORRELATION_ID, CURSOR, EVENTS_LIMIT),
                        (request, p) -> Router.Answer.ok(events(request, false)))
                .get("/api/audit", ApiOperation.read("events", "What people and clients did (acknowledge, resolve,"
                        + " comment, open, restart, save or delete a dashboard), by whom and from which session, the most"
                        + " recent first", AnswerType.json(JsonViews.Events.class)).query(PATTERN, SERVICES, EVENTS_FROM,
                        EVENTS_TO, CORRELATION_ID, CURSOR, EVENTS_LIMIT),
                        (request, p) -> Router.Answer.ok(events(request, true)))
                .get("/api/incidents", ApiOperation.read("incidents", "Incidents, newest first",
                        AnswerType.json(JsonViews.IncidentList.class))
                        .query(INCIDENT_STATUS, INCIDENT_SEVERITY, SERVICE, INCIDENTS_LIMIT, OFFSET),
                        incidentRoute((request, p) -> Router.Answer.ok(listIncidents(request))))
                .post("/api/incidents", ApiOperation.change("incidents", "Opens an incident by hand", 201,
                        AnswerType.json(Incident.class)).body(RequestBodies.NewIncident.class),
                        incidentRoute((request, p) -> openIncident(request)))
                .get("/api/incidents/{id}", ApiOperation.read("incidents", "An incident with its timeline",
                        AnswerType.json(Incident.class)).path("id", "an incident's id").refuses(404),
                        incidentRoute((request, p) -> Router.Answer.ok(monitoring.incidents().find(p.get("id"))
                                .orElseThrow(() -> new NoSuchElementException("no incident " + p.get("id"))))))
                .post("/api/incidents/{id}/acknowledge", ApiOperation.change("incidents", "Acknowledges an incident",
                        200, AnswerType.json(Incident.class)).path("id", "an incident's id")
                        .body(RequestBodies.Note.class).refuses(404, 409),
                        incidentRoute((request, p) -> change(request, p.get("id"), true)))
                .post("/api/incidents/{id}/resolve", ApiOperation.change("incidents", "Resolves an incident", 200,
                        AnswerType.json(Incident.class)).path("id", "an incident's id")
                        .body(RequestBodies.Note.class).refuses(404, 409),
                        incidentRoute((request, p) -> change(request, p.get("id"), false)))
                .get("/api/incidents/{id}/analysis", ApiOperation.read("intelligence",
                        "An incident's likely causes and next steps", AnswerType.json(JsonViews.Analysis.class))
                        .path("id", "an incident's id").refuses(404),
                        incidentRoute((request, p) -> Router.Answer.ok(JsonViews.Analysis.of(monitoring.analysis(
                                p.get("id")).orElseThrow(() -> new NoSuchElementException("no incident "
                                        + p.get("id")))))))
                .post("/api/incidents/{id}/comments", ApiOperation.change("incidents", "Comments on an incident",
                        201, AnswerType.json(Incident.class)).path("id", "an incident's id")
                        .body(RequestBodies.Comment.class).refuses(404),
                        incidentRoute((request, p) -> comment(request, p.get("id"))))
                .get("/api/notifications", ApiOperation.read("incidents", "Notifications sent or being sent",
                        AnswerType.json(JsonViews.Notifications.class)).query(INCIDENT, NOTIFICATIONS_LIMIT),
                        (request, p) -> Router.Answer.ok(notifications(request)))
                .get("/api/plugins", ApiOperation.read("server", "Every plugin found, with its state",
                        AnswerType.json(List.class, PluginStatus.class)),
                        (request, p) -> Router.Answer.ok(monitoring.plugins()))
                .get("/api/predictions", ApiOperation.read("intelligence", "The latest predictions, in the seed's shape",
                        AnswerType.json(List.class, PredictionForm.class)),
                        (request, p) -> Router.Answer.ok(monitoring.predictions().stream().map(PredictionForm::of)
                                .toList()))
                .get("/api/dashboards", ApiOperation.read("dashboards", "The saved dashboards",
                        AnswerType.json(JsonViews.Dashboards.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.Dashboards(dashboardStore.all())))
                .get("/api/dashboards/{name}", ApiOperation.read("dashboards", "A saved dashboard",
                        AnswerType.json(DashboardStore.Dashboard.class)).path("name", "a dashboard").refuses(404),
                        (request, p) -> Router.Answer.ok(dashboardStore.find(p.get("name")).orElseThrow(() ->
                                HttpProblem.notFound("no dashboard named '" + p.get("name") + "'"))))
                .put("/api/dashboards/{name}", ApiOperation.change("dashboards", "Saves a dashboard", 200,
                        AnswerType.json(DashboardStore.Dashboard.class)).path("name", "a dashboard")
                        .body(RequestBodies.DashboardBody.class).refuses(409), (request, p) -> {
                            Actor actor = authorize(request);
                            JsonNode body = bodies.object(request, RequestBodies.DashboardBody.class);
                            DashboardStore.Dashboard saved = dashboardStore.save(p.get("name"), body);
                            publishAction(DashboardStore.SAVED, saved.name(), actor);
                            return Router.Answer.ok(saved);
                        })
                .delete("/api/dashboards/{name}", ApiOperation.change("dashboards", "Deletes a dashboard", 200,
                        AnswerType.json(JsonViews.Deleted.class)).path("name", "a dashboard").refuses(404),
                        (request, p) -> {
                            Actor actor = authorize(request);
                            if (!dashboardStore.delete(p.get("name"))) {
                                throw HttpProblem.notFound("no dashboard named '" + p.get("name") + "'");
                            }
                            publishAction(DashboardStore.DELETED, p.get("name"), actor);
                            return Router.Answer.ok(new JsonViews.Deleted(p.get("name")));
                        })
                .get("/api/maintenance", ApiOperation.read("maintenance", "The maintenance windows scheduled"
                        + " through the API, the earliest first (the services file's are in the file)",
                        AnswerType.json(JsonViews.Maintenance.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.Maintenance(monitoring.scheduledMaintenance()
                                .stream().map(JsonViews.MaintenanceView::of).toList())))
                .post("/api/maintenance", ApiOperation.change("maintenance", "Schedules a maintenance window: checks go"
                        + " on, incidents page nobody", 201, AnswerType.json(JsonViews.MaintenanceView.class))
                        .body(RequestBodies.NewMaintenance.class).refuses(409),
                        (request, p) -> scheduleMaintenance(request))
                .delete("/api/maintenance/{id}", ApiOperation.change("maintenance", "Cancels a maintenance window",
                        200, AnswerType.json(JsonViews.Deleted.class)).path("id", "a window's id").refuses(404),
                        (request, p) -> {
                            Actor actor = authorize(request);
                            if (!monitoring.cancelMaintenance(p.get("id"), actor)) {
                                throw HttpProblem.notFound("no maintenance window " + p.get("id"));
                            }
                            return Router.Answer.ok(new JsonViews.Deleted(p.get("id")));
                        })
                .get("/api/patterns", ApiOperation.read("intelligence", "Recurring incidents and correlated series",
                        AnswerType.json(JsonViews.Patterns.class)).query(SERVICE),
                        (request, p) -> Router.Answer.ok(JsonViews.Patterns.of(monitoring.patterns(
                                SERVICE.value(request).filter(s -> !s.isBlank())))))
                .get("/api/sla", ApiOperation.read("sla", "Every service's compliance with its objectives",
                        AnswerType.json(JsonViews.SlaList.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.SlaList(monitoring.sla().stream()
                                .map(JsonViews.Sla::of).toList())))
                .get("/api/sla/{service}", ApiOperation.read("sla", "A service's compliance with its objectives",
                        AnswerType.json(JsonViews.Sla.class)).path("service", "a service").refuses(404),
                        (request, p) -> {
                            String name = p.get("service");
                            if (monitoring.service(name).isEmpty()) {
                                throw HttpProblem.notFound("no service named '" + name + "'");
                            }
                            return Router.Answer.ok(JsonViews.Sla.of(monitoring.sla(name).orElseThrow(() ->
                                    HttpProblem.notFound("service '" + name + "' has no objectives: give it an sla"
                                            + " section (availability, latency, latencyPercentile) in the services"
                                            + " file"))));
                        })
                .get("/api/baselines", ApiOperation.read("intelligence", "The series' baselines",
                        AnswerType.json(JsonViews.Baselines.class)).query(BASELINE_SERIES, SERVICE).refuses(404),
                        (request, p) -> Router.Answer.ok(baselines(request)))
                .get("/api/knowledge", ApiOperation.read("intelligence", "The knowledge base",
                        AnswerType.json(JsonViews.Knowledge.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.Knowledge(monitoring.knowledge())))
                .get("/api/cluster", ApiOperation.read("server", "This instance and the members it sees",
                        AnswerType.json(JsonViews.Cluster.class)),
                        (request, p) -> Router.Answer.ok(new JsonViews.Cluster(monitoring.instanceId(),
                                monitoring.clusterMembers())));
    }

    private synchronized ObjectNode openApi() {
        ObjectNode document = openApi;
        if (document == null) {
            String version = ApiHandler.class.getPackage().getImplementationVersion();
            document = OpenApiDocument.of(router.routes(), json, version == null ? "development" : version);
            openApi = document;
        }
        return document;
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

    /** The services a request names ({@code service=a,b}), each known; every service when it names none. */
    private List<String> namedServices(Request request) {
        List<String> named = SERVICES.values(request);
        if (named.isEmpty()) {
            return monitoring.services().stream().map(io.devmentor.monitoring.core.ServiceState::name).toList();
        }
        for (String name : named) {
            if (monitoring.service(name).isEmpty()) {
                throw HttpProblem.badRequest("no service named '" + name + "'");
            }
        }
        return named;
    }

    private JsonViews.Heartbeats heartbeats(Request request) {
        Map<String, List<JsonViews.Heartbeat>> services = new LinkedHashMap<>();
        for (String name : namedServices(request)) {
            services.put(name, monitoring.recentChecks(name).stream().map(JsonViews.Heartbeat::of).toList());
        }
        return new JsonViews.Heartbeats(services);
    }

    private JsonViews.Uptimes uptimes(Request request) {
        Map<String, JsonViews.UptimeView> services = new LinkedHashMap<>();
        for (String name : namedServices(request)) {
            monitoring.uptime(name).ifPresent(uptime -> services.put(name, JsonViews.UptimeView.of(uptime)));
        }
        return new JsonViews.Uptimes(services);
    }

    private Router.Answer restart(Request request, String name) {
        Actor actor = authorize(request);
        try {
            monitoring.restart(name, actor);
        } catch (NoSuchElementException e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw new HttpProblem(409, e.getMessage());
        }
        return new Router.Answer(202, new JsonViews.RestartAccepted("Service restart initiated", name));
    }

    /** {@code POST /api/push/{service}}: a job's report of itself, checked with the service's own token. */
    private Router.Answer push(Request request, String name) {
        String header = request.getHeader("Authorization");
        Optional<String> token = PUSH_TOKEN.value(request).or(() -> Optional.ofNullable(header)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim()));
        if (token.isEmpty() || token.get().isEmpty()) {
            throw new HttpProblem(401, "a push needs the service's token: ?token=… or Authorization: Bearer …");
        }
        HealthStatus status = HealthStatus.valueOf(PUSH_STATUS.word(request).orElse("up").toUpperCase(
                java.util.Locale.ROOT));
        Optional<Duration> ping;
        try {
            ping = PUSH_PING.value(request).map(ms -> Duration.ofNanos(Math.round(Double.parseDouble(ms) * 1e6)));
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("ping must be milliseconds, was '" + PUSH_PING.value(request).orElse("")
                    + "'");
        }
        Instant at = now();
        try {
            monitoring.push(name, token.get(), new Push(status, PUSH_MESSAGE.value(request).orElse(""), ping, at));
        } catch (NoSuchElementException e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw new HttpProblem(409, e.getMessage());
        } catch (SecurityException e) {
            throw new HttpProblem(401, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        return new Router.Answer(202, new JsonViews.PushAccepted(name, status, at));
    }

    private Router.Answer scheduleMaintenance(Request request) throws IOException {
        Actor actor = authorize(request);
        JsonNode body = bodies.object(request, RequestBodies.NewMaintenance.class);
        Set<String> services = new java.util.TreeSet<>();
        JsonNode named = body.path("services");
        if (!named.isMissingNode() && !named.isNull()) {
            if (!named.isArray()) {
                throw HttpProblem.badRequest("services must be a list of service names");
            }
            for (JsonNode name : named) {
                if (!name.isTextual()) {
                    throw HttpProblem.badRequest("services must be a list of service names");
                }
                services.add(name.asText());
            }
        }
        Instant start = bodyInstant(body, "start");
        Instant end = bodyInstant(body, "end");
        try {
            ScheduledMaintenance scheduled = monitoring.scheduleMaintenance(services, start, end,
                    RequestBodies.requiredText(body, "reason"), actor);
            return new Router.Answer(201, JsonViews.MaintenanceView.of(scheduled));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw new HttpProblem(409, e.getMessage());
        }
    }

    private static Instant bodyInstant(JsonNode body, String field) {
        String value = RequestBodies.requiredText(body, field);
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw HttpProblem.badRequest(field + " must be an ISO-8601 time such as 2026-11-24T10:00:00Z, was '"
                    + value + "'");
        }
    }

    private Router.Answer openIncident(Request request) throws IOException {
        Actor actor = authorize(request);
        JsonNode body = bodies.object(request, RequestBodies.NewIncident.class);
        // A severity that is none of the four is a 400, as every IllegalArgumentException of an incident route.
        IncidentSeverity severity = IncidentSeverity.parse(RequestBodies.requiredText(body, "severity"));
        Incident created = monitoring.incidents().open(RequestBodies.requiredText(body, "service"),
                RequestBodies.requiredText(body, "description"), severity, named(actor, body));
        return new Router.Answer(201, created);
    }

    /** Acknowledges or resolves an incident, with an optional note. */
    private Router.Answer change(Request request, String id, boolean acknowledge) throws IOException {
        Actor actor = authorize(request);
        JsonNode body = bodies.object(request, RequestBodies.Note.class);
        Optional<String> note = RequestBodies.text(body, "note");
        Incidents incidents = monitoring.incidents();
        Incident changed = acknowledge ? incidents.acknowledge(id, named(actor, body), note)
                : incidents.resolve(id, named(actor, body), note);
        return Router.Answer.ok(changed);
    }

    private Router.Answer comment(Request request, String id) throws IOException {
        Actor actor = authorize(request);
        JsonNode body = bodies.object(request, RequestBodies.Comment.class);
        Incident changed = monitoring.incidents().comment(id, named(actor, body),
                RequestBodies.requiredText(body, "text"));
        return new Router.Answer(201, changed);
    }

    /**
     * {@code GET /api/baselines}: every series' baseline without its profiles, or, with {@code series}, that
     * series' with its hourly profiles; {@code service} keeps one service's.
     */
    private JsonViews.Baselines baselines(Request request) {
        Optional<String> series = BASELINE_SERIES.value(request);
        Optional<String> service = SERVICE.value(request);
        List<JsonViews.BaselineView> views = new ArrayList<>();
        for (io.devmentor.monitoring.api.Baseline baseline : monitoring.baselines()) {
            if (series.map(baseline.series()::equals).orElse(true)
                    && service.map(baseline.service()::equals).orElse(true)) {
                views.add(JsonViews.BaselineView.of(baseline, series.isPresent()));
            }
        }
        if (series.isPresent() && views.isEmpty()) {
            throw HttpProblem.notFound("no baseline for series '" + series.get() + "' (see /api/baselines)");
        }
        return new JsonViews.Baselines(views);
    }

    private static final int MAX_HISTORY_STEPS = 10_000;

    /** {@code series} (required), {@code from} and {@code to} (ISO-8601 or epoch milliseconds), {@code step} (seconds or 5m, 1h). */
    private JsonViews.History history(Request request) {
        String series = SERIES.value(request).orElse("");
        if (series.isBlank()) {
            throw HttpProblem.badRequest("series is required, such as system.cpu.usage.percent (see /api/metrics/series)");
        }
        Instant to = instantParameter(request, TO, now());
        Instant from = instantParameter(request, FROM, to.minus(Duration.ofHours(1)));
        Duration step = durationParameter(request, STEP, Duration.ofMinutes(1));
        if (!from.isBefore(to)) {
            throw HttpProblem.badRequest("from must be before to");
        }
        if (step.compareTo(Duration.ofMinutes(1)) < 0) {
            throw HttpProblem.badRequest("step must be at least 60 seconds (the history keeps minute steps)");
        }
        if (Duration.between(from, to).dividedBy(step) > MAX_HISTORY_STEPS) {
            throw HttpProblem.badRequest("at most " + MAX_HISTORY_STEPS + " steps: widen step or narrow from and to");
        }
        return new JsonViews.History(series, from, to, step.toSeconds(), monitoring.history(series, from, to, step));
    }

    private static Instant instantParameter(Request request, QueryParameter parameter, Instant fallback) {
        String name = parameter.name();
        String value = parameter.value(request).orElse(null);
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

    private static Duration durationParameter(Request request, QueryParameter parameter, Duration fallback) {
        String name = parameter.name();
        String value = parameter.value(request).orElse(null);
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

    private JsonViews.Notifications notifications(Request request) {
        List<NotificationRecord> records = monitoring.notifications(INCIDENT.value(request),
                NOTIFICATIONS_LIMIT.integer(request));
        return new JsonViews.Notifications(records, records.size());
    }

    private JsonViews.IncidentList listIncidents(Request request) {
        Optional<IncidentStatus> status = INCIDENT_STATUS.word(request).filter(word -> !word.equals("all"))
                .map(IncidentStatus::parse);
        Optional<IncidentSeverity> severity = INCIDENT_SEVERITY.word(request).map(IncidentSeverity::parse);
        int limit = INCIDENTS_LIMIT.integer(request);
        int offset = OFFSET.integer(request);
        IncidentPage page = monitoring.incidents().query(new IncidentQuery(status, severity, SERVICE.value(request),
                limit, offset));
        return new JsonViews.IncidentList(page.items(), page.total(), limit, offset);
    }

    /**
     * Checks the request's token: who holds it, in the session the {@code X-Session-Id} header names (the
     * dashboard sends one per tab).
     */
    private Actor authorize(Request request) {
        String holder = apiToken.checkHeader(request.getHeader("Authorization"));
        Optional<String> session = Optional.ofNullable(request.getHeader(SESSION_HEADER)).map(String::trim)
                .filter(value -> !value.isEmpty());
        try {
            return Actor.user(holder, session);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(SESSION_HEADER + ": " + e.getMessage());
        }
    }

    /**
     * The actor of a change: the token's holder. The shared {@code MONITORING_API_TOKEN} names nobody, so with it
     * the body's {@code actor} says who, as it always has.
     */
    private static Actor named(Actor holder, JsonNode body) {
        Optional<String> given = RequestBodies.text(body, "actor");
        if (given.isEmpty() || !holder.name().equals(ApiTokens.SINGLE_TOKEN_NAME)) {
            return holder;
        }
        try {
            return Actor.user(given.get(), holder.sessionId());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    /** A person's change that is no incident's or service's: on the event stream and in the audit. */
    private void publishAction(String type, String subject, Actor actor) {
        monitoring.publish(MonitoringEvent.of(type, subject, now(), Severity.INFO, Map.of("name", subject))
                .withMetadata(actor.attribute(EventMetadata.EMPTY)));
    }

    private Instant now() {
        return monitoring.clock().instant();
    }

    private JsonViews.Health health() {
        return new JsonViews.Health("healthy", now(), Duration.between(startedAt, now()).toSeconds());
    }

    /**
     * A probe's answer in the MicroProfile Health form, {@code {"status":"UP","checks":[…]}}: the server's one
     * check, up, with what it watches. The watched services' own health is not the server's.
     */
    private JsonViews.Probe microProfileHealth(String what) {
        return new JsonViews.Probe("UP", List.of(new JsonViews.ProbeCheck("monitoring-server " + what, "UP",
                new JsonViews.ProbeData(Duration.between(startedAt, now()).toSeconds(), monitoring.services().size()))));
    }

    private JsonViews.Metrics metrics() {
        // docker is always there, as the seed's clients read data.docker: empty without Docker.
        return new JsonViews.Metrics(JsonViews.services(monitoring.services(), now(), monitoring::restartable),
                monitoring.systemMetrics().map(JsonViews.SystemView::of),
                JsonViews.containers(monitoring.samples().getOrDefault("docker", List.of())));
    }

    /** {@code GET /api/events}, and with {@code attributedOnly} {@code GET /api/audit}. */
    private JsonViews.Events events(Request request, boolean attributedOnly) {
        EventQuery query;
        try {
            List<String> patterns = PATTERN.values(request);
            query = EventQuery.latest(EVENTS_LIMIT.integer(request))
                    .withPatterns(patterns.isEmpty() ? List.of("*") : patterns)
                    .withSources(Set.copyOf(SERVICES.values(request)))
                    .between(optionalInstant(request, EVENTS_FROM), optionalInstant(request, EVENTS_TO));
            if (CORRELATION_ID.value(request).isPresent()) {
                query = query.withCorrelationId(CORRELATION_ID.value(request).get());
            }
            if (CURSOR.value(request).isPresent()) {
                query = query.before(cursor(CURSOR.value(request).get()));
            }
            if (attributedOnly) {
                query = query.attributed();
            }
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        EventPage page = monitoring.events(query);
        return new JsonViews.Events(page.events(), page.events().size(),
                page.next().isPresent() ? Optional.of(Long.toString(page.next().getAsLong())) : Optional.empty());
    }

    private static Optional<Instant> optionalInstant(Request request, QueryParameter parameter) {
        return parameter.value(request).isPresent()
                ? Optional.of(instantParameter(request, parameter, Instant.EPOCH)) : Optional.empty();
    }

    private static long cursor(String value) {
        try {
            long position = Long.parseLong(value);
            if (position > 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw HttpProblem.badRequest("cursor must be the 'next' of an earlier page, was '" + value + "'");
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
            response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Session-Id");
        }
    }

    private static JsonViews.Problem error(String message, Request request) {
        return new JsonViews.Problem(message, request.getRequestURI());
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
