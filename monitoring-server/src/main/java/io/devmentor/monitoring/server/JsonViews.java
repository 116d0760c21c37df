package io.devmentor.monitoring.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.core.IncidentAnalysis;
import io.devmentor.monitoring.core.NotificationRecord;
import io.devmentor.monitoring.core.PatternReport;
import io.devmentor.monitoring.core.RecentCheck;
import io.devmentor.monitoring.core.ScheduledMaintenance;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SlaReport;
import io.devmentor.monitoring.core.SystemMetrics;
import io.devmentor.monitoring.core.Uptime;
import io.devmentor.monitoring.json.PredictionForm;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The answers of the API, one record each, which Jackson writes with the wire format's mapper and from which the
 * OpenAPI document's schemas are made ({@link ApiSchemas}). Where an answer is a value of the API or the engine
 * (an incident, an event, a pattern report), it is that value; a record here only where the answer's shape is the
 * API's own. An {@code Optional} component is written as null when empty, or left out in a record marked
 * {@code NON_ABSENT}.
 */
final class JsonViews {

    private JsonViews() {
    }

    /** The seed's words for a service's health. */
    static String seedStatus(HealthStatus status) {
        return switch (status) {
            case UP -> "healthy";
            case DEGRADED -> "degraded";
            case DOWN -> "unhealthy";
            default -> "unknown";
        };
    }

    /** An error, as every refusal and failure is answered. */
    record Problem(String error, String path) {
    }

    /** {@code GET /health}: the server itself. */
    record Health(String status, Instant timestamp, long uptime) {
    }

    /** A MicroProfile Health probe's answer: {@code {"status":"UP","checks":[…]}}. */
    record Probe(String status, List<ProbeCheck> checks) {
    }

    /** One check of a probe, with what it watches. */
    record ProbeCheck(String name, String status, ProbeData data) {
    }

    /** What a probe's check reports. */
    record ProbeData(long uptimeSeconds, int services) {
    }

    /**
     * A watched service: the seed's {@code status} and {@code uptime} (time since it last came up), then its
     * definition and figures, and whether a controller can restart it.
     */
    record Service(String name, String status, HealthStatus state, long uptime, Instant since, String type,
            Optional<String> url, String target, boolean critical, List<String> dependsOn, List<String> tags, long intervalMs,
            ServiceMetrics metrics, Optional<Check> lastCheck, Optional<String> correlationId, boolean restartable) {

        static Service of(ServiceState state, Instant now, boolean restartable) {
            ServiceDefinition definition = state.definition();
            return new Service(state.name(), seedStatus(state.status()), state.status(), state.uptime(now).toSeconds(),
                    state.since(), definition.kind(), definition.healthUri().map(URI::toString), definition.target(),
                    definition.critical(),
                    definition.dependsOn(), definition.tags(), definition.interval().toMillis(),
                    new ServiceMetrics(state.responseTime().toMillis(), state.maxResponseTime().toMillis(),
                            state.errorRate(), state.availability(), state.checks(), state.failures(),
                            state.consecutiveFailures()),
                    state.lastResult().map(Check::of), state.correlationId(), restartable);
        }
    }

    /** A service's figures over its recent checks. */
    record ServiceMetrics(long responseTime, long maxResponseTime, double errorRate, double availability, long checks,
            long failures, int consecutiveFailures) {
    }

    /** A check's result. */
    record Check(HealthStatus status, String message, long responseTime, Instant checkedAt,
            Map<String, Object> details) {

        static Check of(CheckResult result) {
            return new Check(result.status(), result.message(), result.latency().toMillis(), result.checkedAt(),
                    result.details());
        }
    }

    /** Every service by name, in the order of the services file. */
    static Map<String, Service> services(List<ServiceState> states, Instant now,
            java.util.function.Predicate<String> restartable) {
        Map<String, Service> byName = new LinkedHashMap<>();
        states.forEach(state -> byName.put(state.name(), Service.of(state, now, restartable.test(state.name()))));
        return byName;
    }

    /** {@code GET /api/heartbeats}: each service's last checks, the oldest first. */
    record Heartbeats(Map<String, List<Heartbeat>> services) {
    }

    /** One check of a heartbeat bar: its message only where it was not UP. */
    record Heartbeat(Instant checkedAt, HealthStatus status, long responseTime, Optional<String> message) {

        static Heartbeat of(RecentCheck check) {
            return new Heartbeat(check.checkedAt(), check.status(), check.responseTime().toMillis(), check.message());
        }
    }

    /**
     * {@code GET /api/status}: the public status page's figures; {@code status} is {@code operational},
     * {@code degraded} or {@code outage}.
     */
    record StatusPageView(String title, String status, List<StatusGroup> groups, List<StatusIncident> incidents,
            List<StatusMaintenance> maintenance, Instant updatedAt) {
    }

    /** A group of the status page. */
    record StatusGroup(String name, List<StatusService> services) {
    }

    /** A service on the status page: {@code up}, {@code degraded}, {@code down} or {@code unknown}; uptime 0–1. */
    record StatusService(String name, HealthStatus status, Optional<Double> uptime, List<StatusDay> days) {
    }

    /** A day's uptime (UTC), null without checks. */
    record StatusDay(String date, Optional<Double> uptime) {
    }

    /** An incident under way, as the public sees it: which service, how bad, since when. */
    record StatusIncident(String service, IncidentSeverity severity, IncidentStatus status, Instant since) {
    }

    /** A maintenance window not over yet. */
    record StatusMaintenance(List<String> services, Instant start, Instant end, String reason) {
    }

    /** {@code GET /api/uptime}: each service's uptime. */
    record Uptimes(Map<String, UptimeView> services) {
    }

    /** The share of checks that were not down, 0–1, over the last day, week and month; null without checks. */
    record UptimeView(Optional<Double> day, Optional<Double> week, Optional<Double> month) {

        static UptimeView of(Uptime uptime) {
            return new UptimeView(uptime.lastDay(), uptime.lastWeek(), uptime.lastMonth());
        }
    }

    /** {@code GET /api/metrics}: the services, the host (null before its first sample) and the containers. */
    record Metrics(Map<String, Service> services, Optional<SystemView> system, List<Container> docker) {
    }

    /** The host's figures. */
    record SystemView(Instant timestamp, Cpu cpu, Memory memory, Memory swap, List<Disk> disks, Network network,
            Jvm jvm) {

        static SystemView of(SystemMetrics metrics) {
            SystemMetrics.Cpu cpu = metrics.cpu();
            return new SystemView(metrics.timestamp(),
                    new Cpu(round(cpu.usage()), cpu.cores(), List.of(cpu.load1(), cpu.load5(), cpu.load15())),
                    Memory.of(metrics.memory()), Memory.of(metrics.swap()),
                    metrics.disks().stream().map(d -> new Disk(d.mount(), d.used(), d.total(),
                            round(d.total() > 0 ? 100.0 * d.used() / d.total() : 0))).toList(),
                    new Network(round(metrics.network().rxBytesPerSecond()),
                            round(metrics.network().txBytesPerSecond())),
                    new Jvm(metrics.jvm().heapUsed(), metrics.jvm().heapMax(), metrics.jvm().threads()));
        }
    }

    /** The host's processors: usage in percent, and the load averages over 1, 5 and 15 minutes. */
    record Cpu(double usage, int cores, List<Double> loadAverage) {
    }

    /** Memory or swap, in bytes. */
    record Memory(long used, long total, double usagePercent) {
        static Memory of(SystemMetrics.Memory memory) {
            return new Memory(memory.used(), memory.total(), round(memory.usagePercent()));
        }
    }

    /** A file system, in bytes. */
    record Disk(String mount, long used, long total, double usagePercent) {
    }

    /** The host's network, in bytes per second. */
    record Network(double rxBytesPerSecond, double txBytesPerSecond) {
    }

    /** This process's JVM. */
    record Jvm(long heapUsed, long heapMax, int threads) {
    }

    /** A container, from the {@code docker} collector: each part only when the collector measured it. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Container(String container, Optional<String> service, Optional<ContainerCpu> cpu,
            Optional<ContainerMemory> memory, Optional<ContainerNetwork> network, Optional<BlockIo> blockIo,
            Optional<Long> restarts) {
    }

    /** A container's processor usage in percent. */
    record ContainerCpu(double usage) {
    }

    /** A container's memory in bytes. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record ContainerMemory(Optional<Long> used, Optional<Long> limit) {
    }

    /** A container's network in bytes. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record ContainerNetwork(Optional<Long> rxBytes, Optional<Long> txBytes) {
    }

    /** A container's block I/O in bytes. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record BlockIo(Optional<Long> readBytes, Optional<Long> writeBytes) {
    }

    /**
     * The {@code docker} section of {@code /api/metrics}: one entry per container, from the {@code docker}
     * collector's latest samples (the adapter's metric names are its contract).
     */
    static List<Container> containers(List<MetricSample> samples) {
        Map<String, Map<String, Double>> byContainer = new TreeMap<>();
        Map<String, String> services = new TreeMap<>();
        for (MetricSample sample : samples) {
            String container = sample.tags().get("container");
            if (container != null) {
                byContainer.computeIfAbsent(container, c -> new TreeMap<>()).put(sample.name(), sample.value());
                String service = sample.tags().get("service");
                if (service != null) {
                    services.put(container, service);
                }
            }
        }
        return byContainer.entrySet().stream().map(e -> {
            Map<String, Double> v = e.getValue();
            Optional<Long> used = whole(v, "container.memory.usage");
            Optional<Long> limit = whole(v, "container.memory.limit");
            Optional<Long> rx = whole(v, "container.network.receive");
            Optional<Long> tx = whole(v, "container.network.transmit");
            Optional<Long> reads = whole(v, "container.fs.reads");
            Optional<Long> writes = whole(v, "container.fs.writes");
            return new Container(e.getKey(), Optional.ofNullable(services.get(e.getKey())),
                    Optional.ofNullable(v.get("container.cpu.usage.percent")).map(u -> new ContainerCpu(round(u))),
                    used.isPresent() || limit.isPresent() ? Optional.of(new ContainerMemory(used, limit))
                            : Optional.empty(),
                    rx.isPresent() || tx.isPresent() ? Optional.of(new ContainerNetwork(rx, tx)) : Optional.empty(),
                    reads.isPresent() || writes.isPresent() ? Optional.of(new BlockIo(reads, writes))
                            : Optional.empty(),
                    whole(v, "container.restarts"));
        }).toList();
    }

    private static Optional<Long> whole(Map<String, Double> values, String name) {
        return Optional.ofNullable(values.get(name)).map(Double::longValue);
    }

    /** {@code GET /api/metrics/series}: the series the history keeps. */
    record SeriesList(List<String> series) {
    }

    /** {@code GET /api/metrics/history}: one series' points in steps. */
    record History(String series, Instant from, Instant to, long stepSeconds, List<HistoryPoint> points) {
    }

    /**
     * {@code GET /api/events}: a page of the event history, the most recent first; {@code next} is the cursor of the
     * page after it, absent on the last.
     */
    record Events(List<MonitoringEvent> events, int count, Optional<String> next) {
    }

    /** {@code GET /api/incidents}: a page of incidents, newest first. */
    record IncidentList(List<Incident> incidents, long total, int limit, int offset) {
    }

    /** {@code GET /api/notifications}: the notifications sent or being sent. */
    record Notifications(List<NotificationRecord> notifications, int count) {
    }

    /** {@code POST /api/services/{name}/restart}: accepted. */
    record RestartAccepted(String message, String service) {
    }

    /** The live stream's first message to a client: the services, the host, the open incidents, the predictions. */
    record InitialState(Map<String, Service> services, Optional<SystemView> system, List<Incident> incidents,
            List<PredictionForm> predictions) {
    }

    /** {@code GET /api/dashboards}. */
    record Dashboards(List<DashboardStore.Dashboard> dashboards) {
    }

    /** {@code POST /api/push/{service}}: the report was taken, and the service checked with it. */
    record PushAccepted(String service, HealthStatus status, Instant at) {
    }

    /** {@code GET /api/knowledge}: the knowledge base's entries. */
    record Knowledge(List<Suggestion> entries) {
    }

    /** {@code GET /api/cluster}: this instance and the members it sees. */
    record Cluster(String self, List<String> members) {
    }

    /** {@code GET /api/baselines}. */
    record Baselines(List<BaselineView> baselines) {
    }

    /** {@code GET /api/sla}: every service with objectives. */
    record SlaList(List<Sla> services) {
    }

    /** {@code GET /api/patterns}. */
    record Patterns(List<PatternReport.Recurring> recurring, List<PatternReport.Correlation> correlated, Instant at) {
        static Patterns of(PatternReport report) {
            return new Patterns(report.recurring(), report.correlated(), report.at());
        }
    }

    /** A series' baseline; its hourly profiles only when asked for, they are 192 numbers. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record BaselineView(String series, String service, double level, double spread, double expected, double value,
            double score, long samples, String seasonality, Optional<List<Double>> hourOfDay,
            Optional<List<Double>> hourOfWeek, Instant at) {

        static BaselineView of(Baseline baseline, boolean profiles) {
            String seasonality = baseline.hourOfWeek().isEmpty()
                    ? baseline.hourOfDay().isEmpty() ? "none" : "daily"
                    : "daily and weekly";
            return new BaselineView(baseline.series(), baseline.service(), baseline.level(), baseline.spread(),
                    baseline.expected(), baseline.value(), round(baseline.score()), baseline.samples(), seasonality,
                    profiles ? Optional.of(baseline.hourOfDay()) : Optional.empty(),
                    profiles ? Optional.of(baseline.hourOfWeek()) : Optional.empty(), baseline.at());
        }
    }

    /** A service's compliance with its objectives; figures without checks behind them are null. */
    record Sla(String service, SlaObjectives objectives, Map<String, SlaWindow> compliance,
            Map<String, BurnRates> burnRates, List<SlaAlert> alerts, Instant at) {

        static Sla of(SlaReport report) {
            io.devmentor.monitoring.api.Objectives o = report.objectives();
            SlaObjectives objectives = new SlaObjectives(o.availability(), o.latency().map(l -> l.toMillis()),
                    o.latency().map(l -> o.latencyPercentile()));
            Map<String, SlaWindow> compliance = new LinkedHashMap<>();
            for (String window : List.of("1d", "7d", "30d")) {
                SlaReport.Window w = report.compliance().get(window);
                if (w != null) {
                    compliance.put(window, new SlaWindow(w.checks(), finite(w.availability()), finite(w.latency()),
                            new Budget(finite(w.availabilityBudgetLeft()), finite(w.latencyBudgetLeft()))));
                }
            }
            Map<String, BurnRates> burnRates = new LinkedHashMap<>();
            report.burnRates().forEach((objective, rates) -> burnRates.put(objective, new BurnRates(
                    finite(rates.get("5m")), finite(rates.get("30m")), finite(rates.get("1h")),
                    finite(rates.get("6h")))));
            return new Sla(report.service(), objectives, compliance, burnRates, report.alerts().stream()
                    .map(a -> new SlaAlert(a.objective(), a.kind(), finite(a.longBurnRate()),
                            finite(a.shortBurnRate()), a.since())).toList(), report.at());
        }
    }

    /** How fast an objective's error budget burns over each window: 1 spends it exactly in the period. */
    record BurnRates(@JsonProperty("5m") Optional<Double> fiveMinutes, @JsonProperty("30m") Optional<Double> halfHour,
            @JsonProperty("1h") Optional<Double> hour, @JsonProperty("6h") Optional<Double> sixHours) {
    }

    /** A service's objectives, each only when set. */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record SlaObjectives(Optional<Double> availability, Optional<Long> latencyMs, Optional<Double> latencyPercentile) {
    }

    /** Compliance over one window. */
    record SlaWindow(long checks, Optional<Double> availability, Optional<Double> latency, Budget errorBudgetLeft) {
    }

    /** What is left of each error budget, as a fraction. */
    record Budget(Optional<Double> availability, Optional<Double> latency) {
    }

    /** A burn-rate alert that is firing. */
    record SlaAlert(String objective, String kind, Optional<Double> longBurnRate, Optional<Double> shortBurnRate,
            Instant since) {
    }

    /** A figure for JSON, which has no NaN: rounded to 4 decimals, or empty. */
    private static Optional<Double> finite(@Nullable Double value) {
        return value == null || !Double.isFinite(value) ? Optional.empty()
                : Optional.of(Math.round(value * 10_000) / 10_000.0);
    }

    /** An incident's analysis: its kind of failure, its likely causes ranked, the next steps. */
    record Analysis(String incidentId, String service, String failureKind, List<Cause> rootCauses,
            List<Suggestion> suggestions, Instant analyzedAt) {

        static Analysis of(IncidentAnalysis analysis) {
            return new Analysis(analysis.incidentId(), analysis.service(), analysis.failureKind(),
                    analysis.causes().stream().map(c -> new Cause(c.service(), c.subject(), round(c.score()),
                            c.reason(), c.evidence())).toList(), analysis.suggestions(), analysis.analyzedAt());
        }
    }

    /** A likely cause of an incident, with its score and the evidence for it. */
    record Cause(String service, String subject, double score, String reason, Map<String, Object> evidence) {
    }

    /** {@code DELETE /api/dashboards/{name}}: what was deleted. */
    /** A maintenance window scheduled through the API. */
    record MaintenanceView(String id, List<String> services, Instant start, Instant end, String reason,
            String scheduledBy, Instant scheduledAt) {
        static MaintenanceView of(ScheduledMaintenance scheduled) {
            return new MaintenanceView(scheduled.id(), scheduled.window().services().stream().sorted().toList(),
                    scheduled.window().start().orElseThrow(), scheduled.window().end().orElseThrow(),
                    scheduled.reason(), scheduled.scheduledBy(), scheduled.scheduledAt());
        }
    }

    /** {@code GET /api/maintenance}: the windows scheduled through the API, the earliest first. */
    record Maintenance(List<MaintenanceView> windows) {
    }

    record Deleted(String deleted) {
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
