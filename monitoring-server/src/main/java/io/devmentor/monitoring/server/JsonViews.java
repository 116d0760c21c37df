package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.core.IncidentAnalysis;
import io.devmentor.monitoring.core.PatternReport;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SlaReport;
import io.devmentor.monitoring.core.SystemMetrics;
import io.devmentor.monitoring.json.WireFormat;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of the API, as maps that Jackson writes. One place, shared by REST and WebSocket. */
final class JsonViews {

    /** Immutable once made, like the mapper inside it. */
    private static final WireFormat WIRE = new WireFormat();

    private JsonViews() {
    }

    /** The seed's words for a service's health. */
    static String seedStatus(HealthStatus status) {
        switch (status) {
            case UP:
                return "healthy";
            case DEGRADED:
                return "degraded";
            case DOWN:
                return "unhealthy";
            default:
                return "unknown";
        }
    }

    static Map<String, Object> services(List<ServiceState> states, Instant now) {
        Map<String, Object> byName = new LinkedHashMap<>();
        states.forEach(state -> byName.put(state.name(), service(state, now)));
        return byName;
    }

    static Map<String, Object> service(ServiceState state, Instant now) {
        ServiceDefinition definition = state.definition();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", state.name());
        view.put("status", seedStatus(state.status()));
        view.put("state", state.status().name());
        view.put("uptime", state.uptime(now).toSeconds());
        view.put("since", state.since().toString());
        view.put("type", definition.kind());
        view.put("url", definition.healthUri().map(URI::toString).orElse(null));
        view.put("critical", definition.critical());
        view.put("dependsOn", definition.dependsOn());
        view.put("tags", definition.tags());
        view.put("intervalMs", definition.interval().toMillis());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("responseTime", state.responseTime().toMillis());
        metrics.put("maxResponseTime", state.maxResponseTime().toMillis());
        metrics.put("errorRate", state.errorRate());
        metrics.put("availability", state.availability());
        metrics.put("checks", state.checks());
        metrics.put("failures", state.failures());
        metrics.put("consecutiveFailures", state.consecutiveFailures());
        view.put("metrics", metrics);
        view.put("lastCheck", state.lastResult().map(JsonViews::check).orElse(null));
        view.put("correlationId", state.correlationId().orElse(null));
        return view;
    }

    private static Map<String, Object> check(CheckResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("status", result.status().name());
        view.put("message", result.message());
        view.put("responseTime", result.latency().toMillis());
        view.put("checkedAt", result.checkedAt().toString());
        view.put("details", result.details());
        return view;
    }

    /**
     * A prediction in the seed's shape ({@code service, type, severity, message, suggestion}), then its
     * confidence, evidence, horizon and time: the wire format's one form, which prediction events carry too.
     */
    static ObjectNode prediction(Prediction prediction) {
        return WIRE.prediction(prediction);
    }

    /** A series' baseline; its hourly profiles only when asked for, they are 192 numbers. */
    static Map<String, Object> baseline(Baseline baseline, boolean profiles) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("series", baseline.series());
        view.put("service", baseline.service());
        view.put("level", baseline.level());
        view.put("spread", baseline.spread());
        view.put("expected", baseline.expected());
        view.put("value", baseline.value());
        view.put("score", round(baseline.score()));
        view.put("samples", baseline.samples());
        view.put("seasonality", baseline.hourOfWeek().isEmpty() ? baseline.hourOfDay().isEmpty() ? "none" : "daily"
                : "daily and weekly");
        if (profiles) {
            view.put("hourOfDay", baseline.hourOfDay());
            view.put("hourOfWeek", baseline.hourOfWeek());
        }
        view.put("at", baseline.at().toString());
        return view;
    }

    /** Recurring incidents and correlated series. */
    static Map<String, Object> patterns(PatternReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("recurring", report.recurring().stream().map(r -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("service", r.service());
            item.put("cause", r.cause());
            item.put("failureKind", r.failureKind());
            item.put("kind", r.kind());
            item.put("description", r.description());
            item.put("incidents", r.incidents());
            item.put("incidentIds", r.incidentIds());
            return item;
        }).toList());
        view.put("correlated", report.correlated().stream().map(c -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("series", c.series());
            item.put("other", c.other());
            item.put("coefficient", c.coefficient());
            item.put("points", c.points());
            return item;
        }).toList());
        view.put("at", report.at().toString());
        return view;
    }

    /** A service's compliance with its objectives; figures without checks behind them are null. */
    static Map<String, Object> sla(SlaReport report) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("service", report.service());
        Map<String, Object> objectives = new LinkedHashMap<>();
        report.objectives().availability().ifPresent(a -> objectives.put("availability", a));
        report.objectives().latency().ifPresent(l -> {
            objectives.put("latencyMs", l.toMillis());
            objectives.put("latencyPercentile", report.objectives().latencyPercentile());
        });
        view.put("objectives", objectives);
        Map<String, Object> compliance = new LinkedHashMap<>();
        for (String window : List.of("1d", "7d", "30d")) {
            SlaReport.Window w = report.compliance().get(window);
            if (w == null) {
                continue;
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("checks", w.checks());
            figures.put("availability", finite(w.availability()));
            figures.put("latency", finite(w.latency()));
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("availability", finite(w.availabilityBudgetLeft()));
            budget.put("latency", finite(w.latencyBudgetLeft()));
            figures.put("errorBudgetLeft", budget);
            compliance.put(window, figures);
        }
        view.put("compliance", compliance);
        Map<String, Object> burnRates = new LinkedHashMap<>();
        report.burnRates().forEach((objective, rates) -> {
            Map<String, Object> byWindow = new LinkedHashMap<>();
            for (String window : List.of("5m", "30m", "1h", "6h")) {
                byWindow.put(window, finite(rates.get(window)));
            }
            burnRates.put(objective, byWindow);
        });
        view.put("burnRates", burnRates);
        view.put("alerts", report.alerts().stream().map(a -> {
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("objective", a.objective());
            alert.put("kind", a.kind());
            alert.put("longBurnRate", finite(a.longBurnRate()));
            alert.put("shortBurnRate", finite(a.shortBurnRate()));
            alert.put("since", a.since().toString());
            return alert;
        }).toList());
        view.put("at", report.at().toString());
        return view;
    }

    /** A figure for JSON, which has no NaN: rounded to 4 decimals, or null. */
    private static @Nullable Double finite(@Nullable Double value) {
        return value == null || !Double.isFinite(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }

    /** An incident's analysis: its kind of failure, its likely causes ranked, the next steps. */
    static Map<String, Object> analysis(IncidentAnalysis analysis) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("incidentId", analysis.incidentId());
        view.put("service", analysis.service());
        view.put("failureKind", analysis.failureKind());
        List<Object> causes = new java.util.ArrayList<>();
        for (IncidentAnalysis.Cause cause : analysis.causes()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("service", cause.service());
            c.put("subject", cause.subject());
            c.put("score", round(cause.score()));
            c.put("reason", cause.reason());
            c.put("evidence", cause.evidence());
            causes.add(c);
        }
        view.put("rootCauses", causes);
        view.put("suggestions", analysis.suggestions().stream().map(JsonViews::suggestion).toList());
        view.put("analyzedAt", analysis.analyzedAt().toString());
        return view;
    }

    /** An entry of the knowledge base. */
    static Map<String, Object> suggestion(Suggestion suggestion) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", suggestion.kind());
        view.put("title", suggestion.title());
        view.put("steps", suggestion.steps());
        return view;
    }

    /**
     * The {@code docker} section of {@code /api/metrics}: one entry per container, from the {@code docker}
     * collector's latest samples (the adapter's metric names are its contract).
     */
    static List<Object> containers(List<MetricSample> samples) {
        Map<String, Map<String, Object>> byContainer = new java.util.TreeMap<>();
        for (MetricSample sample : samples) {
            String container = sample.tags().get("container");
            if (container == null) {
                continue;
            }
            Map<String, Object> view = byContainer.computeIfAbsent(container, c -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("container", c);
                v.put("service", sample.tags().get("service"));
                return v;
            });
            double value = sample.value();
            switch (sample.name()) {
                case "container.cpu.usage.percent":
                    nested(view, "cpu").put("usage", round(value));
                    break;
                case "container.memory.usage":
                    nested(view, "memory").put("used", (long) value);
                    break;
                case "container.memory.limit":
                    nested(view, "memory").put("limit", (long) value);
                    break;
                case "container.network.receive":
                    nested(view, "network").put("rxBytes", (long) value);
                    break;
                case "container.network.transmit":
                    nested(view, "network").put("txBytes", (long) value);
                    break;
                case "container.fs.reads":
                    nested(view, "blockIo").put("readBytes", (long) value);
                    break;
                case "container.fs.writes":
                    nested(view, "blockIo").put("writeBytes", (long) value);
                    break;
                case "container.restarts":
                    view.put("restarts", (long) value);
                    break;
                default:
                    break;
            }
        }
        return new ArrayList<>(byContainer.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> view, String key) {
        return (Map<String, Object>) view.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    static Map<String, Object> system(SystemMetrics metrics) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("timestamp", metrics.timestamp().toString());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", round(metrics.cpu().usage()));
        cpu.put("cores", metrics.cpu().cores());
        cpu.put("loadAverage", List.of(metrics.cpu().load1(), metrics.cpu().load5(), metrics.cpu().load15()));
        view.put("cpu", cpu);
        view.put("memory", memory(metrics.memory()));
        view.put("swap", memory(metrics.swap()));
        List<Object> disks = new ArrayList<>();
        for (SystemMetrics.Disk disk : metrics.disks()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mount", disk.mount());
            d.put("used", disk.used());
            d.put("total", disk.total());
            d.put("usagePercent", round(disk.total() > 0 ? 100.0 * disk.used() / disk.total() : 0));
            disks.add(d);
        }
        view.put("disks", disks);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("rxBytesPerSecond", round(metrics.network().rxBytesPerSecond()));
        network.put("txBytesPerSecond", round(metrics.network().txBytesPerSecond()));
        view.put("network", network);
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("heapUsed", metrics.jvm().heapUsed());
        jvm.put("heapMax", metrics.jvm().heapMax());
        jvm.put("threads", metrics.jvm().threads());
        view.put("jvm", jvm);
        return view;
    }

    private static Map<String, Object> memory(SystemMetrics.Memory memory) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("used", memory.used());
        view.put("total", memory.total());
        view.put("usagePercent", round(memory.usagePercent()));
        return view;
    }

    /** An event as the live stream sends it: the wire format's one form. */
    static ObjectNode event(MonitoringEvent event) {
        return WIRE.event(event);
    }

    /** An incident as the API answers it: the wire format's one form. */
    static ObjectNode incident(Incident incident) {
        return WIRE.incident(incident);
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
