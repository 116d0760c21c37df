package io.devmentor.monitoring.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.devmentor.monitoring.api.Expectations;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.RestartPolicy;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the services file, in YAML (so JSON too), shaped like the seed's {@code config/services.js}:
 * a {@code services} map of name to service and a {@code thresholds} map. Every error names the field,
 * as a path such as {@code services.auth.timeout}, and the problem.
 */
final class ServicesFile {

    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** The top-level sections; {@code statusPage} is the server's, which reads and checks it. */
    private static final Set<String> TOP_LEVEL = Set.of("services", "thresholds", "incidents", "notifications", "rules",
            "statusPage");
    private static final Set<String> RULE_FIELDS = Set.of("name", "on", "when", "actions");
    private static final Set<String> WHEN_FIELDS = Set.of("services", "severities", "data");
    private static final Set<String> ACTION_FIELDS = Set.of("notify", "webhook", "restart", "incident");
    private static final Set<String> RULE_INCIDENT_FIELDS = Set.of("severity", "description");
    private static final Set<String> NOTIFICATION_FIELDS = Set.of("delay", "deadline", "escalation");
    private static final Set<String> POLICY_FIELDS = Set.of("severities", "services", "levels");
    private static final Set<String> LEVEL_FIELDS = Set.of("after", "notify", "repeat");
    private static final Set<String> INCIDENT_FIELDS = Set.of("autoResolveAfter", "thresholdDuration", "flapping",
            "severity", "maintenance");
    private static final Set<String> FLAPPING_FIELDS = Set.of("window", "high", "low");
    private static final Set<String> SEVERITY_FIELDS = Set.of("criticalServiceDown", "serviceDown", "manyServicesDown",
            "threshold");
    private static final Set<String> WINDOW_FIELDS = Set.of("services", "start", "end", "days", "from", "to", "zone");
    private static final Set<String> SERVICE_FIELDS = Set.of("url", "host", "port", "type", "healthEndpoint",
            "timeout", "retryAttempts", "criticalService", "interval", "dependsOn", "tags", "expect", "conditions",
            "thresholds",
            "autoRestart", "settings", "sla");
    private static final Set<String> SLA_FIELDS = Set.of("availability", "latency", "latencyPercentile");
    private static final Set<String> AUTO_RESTART_FIELDS = Set.of("after", "cooldown", "maxPerHour");
    private static final Set<String> EXPECT_FIELDS = Set.of("status", "jsonField", "maxResponseTime");
    private static final Set<String> JSON_FIELD_FIELDS = Set.of("path", "equals");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("cpu", "memory", "errorRate", "responseTime");

    record Parsed(List<ServiceDefinition> services, Thresholds thresholds, IncidentSettings incidents,
            NotificationSettings notifications, List<EventRule> rules) {
        /** No services file: no services, and the defaults of the rest. */
        static final Parsed NONE = new Parsed(List.of(), Thresholds.DEFAULTS, IncidentSettings.DEFAULTS,
                NotificationSettings.DEFAULTS, List.of());
    }

    private ServicesFile() {
    }

    static Parsed read(Path file, Duration defaultInterval) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigurationException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(Files.readString(file), defaultInterval);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    static Parsed parse(String text, Duration defaultInterval) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Parsed(List.of(), Thresholds.DEFAULTS, IncidentSettings.DEFAULTS, NotificationSettings.DEFAULTS,
                    List.of());
        }
        requireObject(root, "the file");
        requireKnown(root, "", TOP_LEVEL);
        Thresholds thresholds = root.has("thresholds")
                ? thresholds(root.get("thresholds"), "thresholds", Thresholds.DEFAULTS)
                : Thresholds.DEFAULTS;
        List<ServiceDefinition> services = new ArrayList<>();
        JsonNode servicesNode = root.get("services");
        if (servicesNode != null && !servicesNode.isNull()) {
            requireObject(servicesNode, "services");
            for (Map.Entry<String, JsonNode> entry : servicesNode.properties()) {
                services.add(service(entry.getKey(), entry.getValue(), defaultInterval, thresholds));
            }
        }
        checkDependencies(services);
        IncidentSettings incidents = root.has("incidents") ? incidents(root.get("incidents"), "incidents")
                : IncidentSettings.DEFAULTS;
        NotificationSettings notifications = root.has("notifications")
                ? notifications(root.get("notifications"), "notifications") : NotificationSettings.DEFAULTS;
        List<EventRule> rules = new ArrayList<>();
        JsonNode rulesNode = root.get("rules");
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                throw new ConfigurationException("rules: must be a list of rules");
            }
            int i = 0;
            for (JsonNode rule : rulesNode) {
                rules.add(rule(rule, "rules[" + i++ + "]"));
            }
        }
        return new Parsed(services, thresholds, incidents, notifications, rules);
    }

    private static EventRule rule(JsonNode node, String path) {
        requireObject(node, path);
        requireKnown(node, path + ".", RULE_FIELDS);
        String name = text(node, "name", path).orElseThrow(() -> new ConfigurationException(path + ".name: is required"));
        JsonNode on = node.get("on");
        List<String> patterns = on != null && on.isTextual() ? List.of(on.asText()) : strings(node, "on", path);
        if (patterns.isEmpty()) {
            throw new ConfigurationException(path + ".on: is required, an event pattern or a list of them");
        }
        Set<String> services = Set.of();
        Set<io.devmentor.monitoring.api.Severity> severities = new LinkedHashSet<>();
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode when = node.get("when");
        if (when != null && !when.isNull()) {
            String at = path + ".when";
            requireObject(when, at);
            requireKnown(when, at + ".", WHEN_FIELDS);
            services = new LinkedHashSet<>(strings(when, "services", at));
            for (String severity : strings(when, "severities", at)) {
                severities.add(at(at + ".severities", () -> io.devmentor.monitoring.api.Severity.parse(severity)));
            }
            JsonNode dataNode = when.get("data");
            if (dataNode != null) {
                requireObject(dataNode, at + ".data");
                for (Map.Entry<String, JsonNode> entry : dataNode.properties()) {
                    if (!entry.getValue().isValueNode()) {
                        throw new ConfigurationException(at + ".data." + entry.getKey() + ": must be a plain value");
                    }
                    data.put(entry.getKey(), entry.getValue().asText());
                }
            }
        }
        JsonNode actions = node.get("actions");
        if (actions == null || actions.isNull()) {
            throw new ConfigurationException(path + ".actions: is required");
        }
        String at = path + ".actions";
        requireObject(actions, at);
        requireKnown(actions, at + ".", ACTION_FIELDS);
        List<String> notify = strings(actions, "notify", at);
        Optional<java.net.URI> webhook = text(actions, "webhook", at).map(url -> at(at + ".webhook", () -> {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("must be an absolute http(s) URL");
            }
            return uri;
        }));
        boolean restart = bool(actions, "restart", at).orElse(false);
        Optional<IncidentSeverity> incident = Optional.empty();
        Optional<String> description = Optional.empty();
        JsonNode incidentNode = actions.get("incident");
        if (incidentNode != null && !incidentNode.isNull()) {
            String iat = at + ".incident";
            requireObject(incidentNode, iat);
            requireKnown(incidentNode, iat + ".", RULE_INCIDENT_FIELDS);
            incident = Optional.of(severity(incidentNode, "severity", iat).orElse(IncidentSeverity.MEDIUM));
            description = text(incidentNode, "description", iat);
        }
        EventFilter filter = at(path + ".on", () -> new EventFilter(patterns, Set.of()));
        Set<String> serviceSet = services;
        Optional<IncidentSeverity> incidentSeverity = incident;
        Optional<String> incidentDescription = description;
        return at(path, () -> new EventRule(name, new EventFilter(filter.patterns(), serviceSet), severities, data,
                notify, webhook, restart, incidentSeverity, incidentDescription));
    }

    private static NotificationSettings notifications(JsonNode node, String path) {
        requireObject(node, path);
        requireKnown(node, path + ".", NOTIFICATION_FIELDS);
        NotificationSettings d = NotificationSettings.DEFAULTS;
        Duration delay = integer(node, "delay", path).map(ms -> Duration.ofMillis(ms)).orElse(d.delay());
        Duration deadline = integer(node, "deadline", path).map(ms -> Duration.ofMillis(ms)).orElse(d.deadline());
        List<NotificationSettings.EscalationPolicy> policies = new ArrayList<>();
        JsonNode escalation = node.get("escalation");
        if (escalation != null && !escalation.isNull()) {
            if (!escalation.isArray()) {
                throw new ConfigurationException(path + ".escalation: must be a list of policies");
            }
            int i = 0;
            for (JsonNode policy : escalation) {
                String at = path + ".escalation[" + i++ + "]";
                requireObject(policy, at);
                requireKnown(policy, at + ".", POLICY_FIELDS);
                Set<IncidentSeverity> severities = new LinkedHashSet<>();
                for (String severity : strings(policy, "severities", at)) {
                    severities.add(at(at + ".severities", () -> IncidentSeverity.parse(severity)));
                }
                Set<String> services = new LinkedHashSet<>(strings(policy, "services", at));
                JsonNode levelsNode = policy.get("levels");
                if (levelsNode == null || !levelsNode.isArray()) {
                    throw new ConfigurationException(at + ".levels: is required, a list of levels");
                }
                List<NotificationSettings.Level> levels = new ArrayList<>();
                int j = 0;
                for (JsonNode level : levelsNode) {
                    String lat = at + ".levels[" + j++ + "]";
                    requireObject(level, lat);
                    requireKnown(level, lat + ".", LEVEL_FIELDS);
                    Duration after = Duration.ofMillis(integer(level, "after", lat).orElse(0));
                    List<String> notify = strings(level, "notify", lat);
                    Optional<Duration> repeat = integer(level, "repeat", lat).map(ms -> Duration.ofMillis(ms));
                    levels.add(at(lat, () -> new NotificationSettings.Level(after, notify, repeat)));
                }
                policies.add(at(at, () -> new NotificationSettings.EscalationPolicy(severities, services, levels)));
            }
        }
        return at(path, () -> new NotificationSettings(delay, deadline, policies));
    }

    private static IncidentSettings incidents(JsonNode node, String path) {
        requireObject(node, path);
        requireKnown(node, path + ".", INCIDENT_FIELDS);
        IncidentSettings d = IncidentSettings.DEFAULTS;
        int autoResolve = integer(node, "autoResolveAfter", path).orElse(d.autoResolveAfter());
        Duration thresholdDuration = integer(node, "thresholdDuration", path).map(ms -> Duration.ofMillis(ms))
                .orElse(d.thresholdDuration());
        int window = d.flapWindow();
        double high = d.flapHighPercent();
        double low = d.flapLowPercent();
        JsonNode flapping = node.get("flapping");
        if (flapping != null) {
            String at = path + ".flapping";
            requireObject(flapping, at);
            requireKnown(flapping, at + ".", FLAPPING_FIELDS);
            window = integer(flapping, "window", at).orElse(window);
            high = number(flapping, "high", at).orElse(high);
            low = number(flapping, "low", at).orElse(low);
        }
        IncidentSeverity criticalDown = d.criticalDownSeverity();
        IncidentSeverity down = d.downSeverity();
        int many = d.manyServicesDown();
        IncidentSeverity threshold = d.thresholdSeverity();
        JsonNode severity = node.get("severity");
        if (severity != null) {
            String at = path + ".severity";
            requireObject(severity, at);
            requireKnown(severity, at + ".", SEVERITY_FIELDS);
            criticalDown = severity(severity, "criticalServiceDown", at).orElse(criticalDown);
            down = severity(severity, "serviceDown", at).orElse(down);
            many = integer(severity, "manyServicesDown", at).orElse(many);
            threshold = severity(severity, "threshold", at).orElse(threshold);
        }
        List<MaintenanceWindow> windows = new ArrayList<>();
        JsonNode maintenance = node.get("maintenance");
        if (maintenance != null && !maintenance.isNull()) {
            if (!maintenance.isArray()) {
                throw new ConfigurationException(path + ".maintenance: must be a list of windows");
            }
            int i = 0;
            for (JsonNode window1 : maintenance) {
                windows.add(maintenanceWindow(window1, path + ".maintenance[" + i++ + "]"));
            }
        }
        int w = window;
        double h = high;
        double l = low;
        IncidentSeverity cd = criticalDown;
        IncidentSeverity sd = down;
        int m = many;
        IncidentSeverity ts = threshold;
        return at(path, () -> new IncidentSettings(autoResolve, w, h, l, cd, sd, m, thresholdDuration, ts, windows));
    }

    private static Optional<IncidentSeverity> severity(JsonNode node, String field, String path) {
        return text(node, field, path).map(value -> at(path + "." + field, () -> IncidentSeverity.parse(value)));
    }

    private static MaintenanceWindow maintenanceWindow(JsonNode node, String path) {
        requireObject(node, path);
        requireKnown(node, path + ".", WINDOW_FIELDS);
        Set<String> services = new LinkedHashSet<>(strings(node, "services", path));
        Optional<java.time.Instant> start = text(node, "start", path).map(v -> instant(v, path + ".start"));
        Optional<java.time.Instant> end = text(node, "end", path).map(v -> instant(v, path + ".end"));
        Set<java.time.DayOfWeek> days = new LinkedHashSet<>();
        for (String day : strings(node, "days", path)) {
            days.add(at(path + ".days", () -> dayOfWeek(day)));
        }
        Optional<java.time.LocalTime> from = text(node, "from", path).map(v -> time(v, path + ".from"));
        Optional<java.time.LocalTime> to = text(node, "to", path).map(v -> time(v, path + ".to"));
        java.time.ZoneId zone = text(node, "zone", path)
                .map(v -> at(path + ".zone", () -> {
                    try {
                        return java.time.ZoneId.of(v);
                    } catch (java.time.DateTimeException e) {
                        throw new IllegalArgumentException("unknown time zone '" + v + "'");
                    }
                }))
                .orElse(java.time.ZoneOffset.UTC);
        return at(path, () -> new MaintenanceWindow(services, start, end, days, from, to, zone));
    }

    private static java.time.DayOfWeek dayOfWeek(String text) {
        for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
            if (day.name().regionMatches(true, 0, text, 0, 3) && text.length() >= 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("days must be days of the week such as MON or SATURDAY, has '" + text + "'");
    }

    private static java.time.Instant instant(String text, String path) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigurationException(path + ": must be a date and time with an offset, such as"
                    + " 2026-11-24T02:00:00Z, was '" + text + "'");
        }
    }

    private static java.time.LocalTime time(String text, String path) {
        try {
            return java.time.LocalTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigurationException(path + ": must be a time of day such as 02:00, was '" + text + "'");
        }
    }

    private static ServiceDefinition service(String name, JsonNode node, Duration defaultInterval, Thresholds defaults) {
        String path = "services." + name;
        requireObject(node, path);
        requireKnown(node, path + ".", SERVICE_FIELDS);
        ServiceDefinition.Builder builder = ServiceDefinition.builder(name);
        Optional<String> url = text(node, "url", path);
        Optional<String> host = text(node, "host", path);
        Optional<Integer> port = integer(node, "port", path);
        url.ifPresent(u -> at(path + ".url", () -> builder.url(u)));
        if (port.isPresent()) {
            builder.hostAndPort(host.orElse("localhost"), port.get());
        } else if (host.isPresent()) {
            throw new ConfigurationException(path + ".port: needed with host");
        }
        text(node, "type", path).ifPresent(builder::kind);
        text(node, "healthEndpoint", path).ifPresent(builder::healthEndpoint);
        integer(node, "timeout", path).ifPresent(ms -> builder.timeout(positiveMillis(ms, path + ".timeout")));
        integer(node, "retryAttempts", path).ifPresent(builder::retryAttempts);
        builder.interval(integer(node, "interval", path).map(ms -> positiveMillis(ms, path + ".interval"))
                .orElse(defaultInterval));
        bool(node, "criticalService", path).ifPresent(builder::critical);
        builder.dependsOn(strings(node, "dependsOn", path).toArray(String[]::new));
        builder.tags(strings(node, "tags", path).toArray(String[]::new));
        Expectations expect = node.has("expect") ? expectations(node.get("expect"), path + ".expect")
                : Expectations.DEFAULT;
        // Their syntax is the checks' to judge: the engine refuses a bad one at build, naming it.
        List<String> conditions = strings(node, "conditions", path);
        builder.expect(conditions.isEmpty() ? expect : expect.withConditions(conditions));
        if (node.has("thresholds")) {
            builder.thresholds(thresholds(node.get("thresholds"), path + ".thresholds", defaults));
        }
        JsonNode restart = node.get("autoRestart");
        if (restart != null && !restart.isNull()) {
            String at = path + ".autoRestart";
            requireObject(restart, at);
            requireKnown(restart, at + ".", AUTO_RESTART_FIELDS);
            int after = integer(restart, "after", at).orElse(3);
            Duration cooldown = Duration.ofMillis(integer(restart, "cooldown", at).orElse(60_000));
            int maxPerHour = integer(restart, "maxPerHour", at).orElse(3);
            builder.autoRestart(at(at, () -> new RestartPolicy(after, cooldown, maxPerHour)));
        }
        JsonNode sla = node.get("sla");
        if (sla != null && !sla.isNull()) {
            String at = path + ".sla";
            requireObject(sla, at);
            requireKnown(sla, at + ".", SLA_FIELDS);
            Optional<Double> availability = number(sla, "availability", at);
            Optional<Duration> latency = integer(sla, "latency", at).map(ms -> positiveMillis(ms, at + ".latency"));
            double percentile = number(sla, "latencyPercentile", at).orElse(95.0);
            builder.objectives(at(at, () -> new Objectives(availability, latency, percentile)));
        }
        JsonNode settings = node.get("settings");
        if (settings != null) {
            requireObject(settings, path + ".settings");
            // A group of settings (headers: {X-Api-Key: ...}) becomes dotted names (headers.X-Api-Key).
            settings.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    e.getValue().properties().forEach(inner -> {
                        if (!inner.getValue().isValueNode()) {
                            throw new ConfigurationException(path + ".settings." + e.getKey() + "." + inner.getKey()
                                    + ": must be a plain value");
                        }
                        builder.setting(e.getKey() + "." + inner.getKey(), inner.getValue().asText());
                    });
                } else if (!e.getValue().isValueNode()) {
                    throw new ConfigurationException(path + ".settings." + e.getKey()
                            + ": must be a plain value or a group of them");
                } else {
                    builder.setting(e.getKey(), e.getValue().asText());
                }
            });
        }
        return at(path, builder::build);
    }

    private static Expectations expectations(JsonNode node, String path) {
        requireObject(node, path);
        requireKnown(node, path + ".", EXPECT_FIELDS);
        Set<Integer> codes = new LinkedHashSet<>();
        JsonNode status = node.get("status");
        if (status != null) {
            if (status.isArray()) {
                for (JsonNode code : status) {
                    codes.add(statusCode(code, path + ".status"));
                }
            } else {
                codes.add(statusCode(status, path + ".status"));
            }
        }
        Optional<Expectations.JsonFieldCondition> jsonField = Optional.empty();
        JsonNode field = node.get("jsonField");
        if (field != null) {
            requireObject(field, path + ".jsonField");
            requireKnown(field, path + ".jsonField.", JSON_FIELD_FIELDS);
            String fieldPath = text(field, "path", path + ".jsonField")
                    .orElseThrow(() -> new ConfigurationException(path + ".jsonField.path: is required"));
            String equals = text(field, "equals", path + ".jsonField")
                    .orElseThrow(() -> new ConfigurationException(path + ".jsonField.equals: is required"));
            jsonField = Optional.of(at(path + ".jsonField", () -> new Expectations.JsonFieldCondition(fieldPath, equals)));
        }
        Optional<Duration> maxResponseTime = integer(node, "maxResponseTime", path)
                .map(ms -> positiveMillis(ms, path + ".maxResponseTime"));
        Optional<Expectations.JsonFieldCondition> condition = jsonField;
        return at(path, () -> new Expectations(codes, condition, maxResponseTime));
    }

    private static int statusCode(JsonNode node, String path) {
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 100 || node.asInt() > 599) {
            throw new ConfigurationException(path + ": must be HTTP status codes 100–599, was " + node);
        }
        return node.asInt();
    }

    private static Thresholds thresholds(JsonNode node, String path, Thresholds defaults) {
        requireObject(node, path);
        requireKnown(node, path + ".", THRESHOLD_FIELDS);
        double cpu = number(node, "cpu", path).orElse(defaults.cpuPercent());
        double memory = number(node, "memory", path).orElse(defaults.memoryPercent());
        double errorRate = number(node, "errorRate", path).orElse(defaults.errorRate());
        Duration responseTime = integer(node, "responseTime", path)
                .map(ms -> positiveMillis(ms, path + ".responseTime"))
                .orElse(defaults.responseTime());
        return at(path, () -> new Thresholds(cpu, memory, errorRate, responseTime));
    }

    private static void checkDependencies(List<ServiceDefinition> services) {
        Map<String, ServiceDefinition> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        for (ServiceDefinition service : services) {
            for (String dependency : service.dependsOn()) {
                if (!byName.containsKey(dependency)) {
                    throw new ConfigurationException("services." + service.name() + ".dependsOn: unknown service '"
                            + dependency + "'");
                }
            }
        }
        Map<String, Integer> visiting = new HashMap<>();
        for (ServiceDefinition service : services) {
            findCycle(service.name(), byName, visiting, new ArrayList<>());
        }
    }

    private static void findCycle(String name, Map<String, ServiceDefinition> byName, Map<String, Integer> state,
            List<String> trail) {
        Integer mark = state.get(name);
        if (mark != null && mark == 2) {
            return;
        }
        trail.add(name);
        if (mark != null) {
            throw new ConfigurationException("services." + name + ".dependsOn: dependency cycle "
                    + String.join(" -> ", trail.subList(trail.indexOf(name), trail.size())));
        }
        state.put(name, 1);
        // Every name here is a service's: unknown dependencies were refused before.
        for (String dependency : java.util.Objects.requireNonNull(byName.get(name), name).dependsOn()) {
            findCycle(dependency, byName, state, trail);
        }
        state.put(name, 2);
        trail.remove(trail.size() - 1);
    }

    private static Duration positiveMillis(int ms, String path) {
        if (ms <= 0) {
            throw new ConfigurationException(path + ": must be a positive number of milliseconds, was " + ms);
        }
        return Duration.ofMillis(ms);
    }

    private static <T> T at(String path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(path + ": " + e.getMessage(), e);
        }
    }

    private static void requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new ConfigurationException(path + ": must be a map, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    private static void requireKnown(JsonNode node, String prefix, Set<String> known) {
        Set<String> unknown = new HashSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            String first = unknown.stream().sorted().findFirst().orElseThrow();
            throw new ConfigurationException(prefix + first + ": unknown field (known: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    private static Optional<String> text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ConfigurationException(path + "." + field + ": must be text, was " + value);
        }
        return Optional.of(value.asText());
    }

    private static Optional<Integer> integer(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new ConfigurationException(path + "." + field + ": must be a whole number, was " + value);
        }
        return Optional.of(value.asInt());
    }

    private static Optional<Double> number(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber()) {
            throw new ConfigurationException(path + "." + field + ": must be a number, was " + value);
        }
        return Optional.of(value.asDouble());
    }

    private static Optional<Boolean> bool(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new ConfigurationException(path + "." + field + ": must be true or false, was " + value);
        }
        return Optional.of(value.asBoolean());
    }

    private static List<String> strings(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigurationException(path + "." + field + ": must be a list of text, was " + value);
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ConfigurationException(path + "." + field + ": must be a list of text, has " + item);
            }
            result.add(item.asText());
        }
        return result;
    }
}
