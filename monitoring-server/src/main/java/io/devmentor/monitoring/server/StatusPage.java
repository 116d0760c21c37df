package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.MaintenanceWindow;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.ScheduledMaintenance;
import io.devmentor.monitoring.core.ServiceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The public status page: the services file's {@code statusPage} section says which services it shows, in which
 * groups, and under which title. What it shows is what a customer may read, nothing internal (no target, no
 * check message, no incident's description or timeline): each service's status, its uptime on each of the last
 * 90 days, the incidents under way and the maintenance windows ahead. The page needs no token and may be asked for
 * often: it is made at most every {@value #FRESH_SECONDS} seconds, and each service's days, which cost a read of
 * the history, at most every {@value #DAYS_FRESH_MINUTES} minutes.
 */
final class StatusPage {

    static final int DAYS = 90;
    private static final long FRESH_SECONDS = 2;
    private static final long DAYS_FRESH_MINUTES = 5;
    private static final int MAX_GROUPS = 50;
    private static final int MAX_SERVICES = 500;

    /** The section: a title and the groups of services, in order. */
    record Settings(String title, List<Group> groups) {
    }

    /** A group of services under a name. */
    record Group(String name, List<String> services) {
    }

    private final Monitoring monitoring;
    private final Optional<Settings> settings;
    private JsonViews.@Nullable StatusPageView made;
    /** Each shown service's days, and when they were read. */
    private final java.util.Map<String, java.util.Map.Entry<Instant, List<Optional<Double>>>> days =
            new java.util.HashMap<>();

    StatusPage(Monitoring monitoring, Optional<Settings> settings) {
        this.monitoring = monitoring;
        this.settings = settings;
    }

    /** The page's figures, made again when they are {@value #FRESH_SECONDS} s old; empty without a status page. */
    synchronized Optional<JsonViews.StatusPageView> view() {
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        Instant now = monitoring.clock().instant();
        JsonViews.StatusPageView last = made;
        if (last == null || Duration.between(last.updatedAt(), now).toSeconds() >= FRESH_SECONDS
                || now.isBefore(last.updatedAt())) {
            last = make(settings.get(), now);
            made = last;
        }
        return Optional.of(last);
    }

    private JsonViews.StatusPageView make(Settings page, Instant now) {
        Set<String> shown = new HashSet<>();
        LocalDate first = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - 1L);
        List<JsonViews.StatusGroup> groups = new ArrayList<>();
        boolean down = false;
        boolean degraded = false;
        for (Group group : page.groups()) {
            List<JsonViews.StatusService> services = new ArrayList<>();
            for (String name : group.services()) {
                Optional<ServiceState> state = monitoring.service(name);
                if (state.isEmpty()) {
                    continue; // dropped by a discovery since the start
                }
                shown.add(name);
                HealthStatus status = state.get().status();
                down |= status == HealthStatus.DOWN;
                degraded |= status == HealthStatus.DEGRADED;
                List<Optional<Double>> uptime = days(name, now);
                List<JsonViews.StatusDay> days = new ArrayList<>(DAYS);
                for (int day = 0; day < uptime.size(); day++) {
                    days.add(new JsonViews.StatusDay(first.plusDays(day).toString(), uptime.get(day)));
                }
                services.add(new JsonViews.StatusService(name, status, overall(uptime), days));
            }
            groups.add(new JsonViews.StatusGroup(group.name(), services));
        }
        List<JsonViews.StatusIncident> incidents = new ArrayList<>();
        for (Incident incident : monitoring.incidents().active()) {
            if (shown.contains(incident.service())) {
                incidents.add(new JsonViews.StatusIncident(incident.service(), incident.severity(), incident.status(),
                        incident.createdAt()));
            }
        }
        List<JsonViews.StatusMaintenance> maintenance = new ArrayList<>();
        for (ScheduledMaintenance scheduled : monitoring.scheduledMaintenance()) {
            oneOff(scheduled.window(), scheduled.reason(), shown, now).ifPresent(maintenance::add);
        }
        for (MaintenanceWindow window : monitoring.configuration().incidents().maintenance()) {
            oneOff(window, "scheduled maintenance", shown, now).ifPresent(maintenance::add);
        }
        String status = down ? "outage" : degraded ? "degraded" : "operational";
        return new JsonViews.StatusPageView(page.title(), status, groups, incidents, maintenance, now);
    }

    private List<Optional<Double>> days(String service, Instant now) {
        java.util.Map.Entry<Instant, List<Optional<Double>>> read = days.get(service);
        if (read == null || Duration.between(read.getKey(), now).toMinutes() >= DAYS_FRESH_MINUTES
                || now.isBefore(read.getKey())
                || !LocalDate.ofInstant(read.getKey(), ZoneOffset.UTC).equals(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            read = java.util.Map.entry(now, monitoring.dailyUptime(service, DAYS));
            days.put(service, read);
        }
        return read.getValue();
    }

    /** The share of the days' checks, weighing each day alike; empty when no day has any. */
    private static Optional<Double> overall(List<Optional<Double>> days) {
        return days.stream().flatMap(Optional::stream).mapToDouble(Double::doubleValue).average().stream().boxed()
                .findFirst();
    }

    /** A one-off window not over yet, of a service the page shows (or of every service). */
    private static Optional<JsonViews.StatusMaintenance> oneOff(MaintenanceWindow window, String reason,
            Set<String> shown, Instant now) {
        if (window.start().isEmpty() || window.end().isEmpty() || !window.end().get().isAfter(now)) {
            return Optional.empty();
        }
        List<String> services = window.services().isEmpty() ? List.copyOf(shown)
                : window.services().stream().filter(shown::contains).sorted().toList();
        if (services.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JsonViews.StatusMaintenance(services.stream().sorted().toList(), window.start().get(),
                window.end().get(), reason));
    }

    /**
     * The services file's {@code statusPage} section, checked against its services: none without a file or a
     * section.
     *
     * @throws ConfigurationException naming the field that is wrong
     */
    static Optional<Settings> read(MonitoringConfiguration configuration) {
        if (configuration.configFile().isEmpty() || !Files.isRegularFile(configuration.configFile().get())) {
            return Optional.empty();
        }
        Path file = configuration.configFile().get();
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException(file + ": cannot be read: " + e.getMessage(), e);
        }
        JsonNode section = root == null ? null : root.get("statusPage");
        if (section == null || section.isNull()) {
            return Optional.empty();
        }
        Set<String> known = new HashSet<>();
        configuration.services().stream().map(ServiceDefinition::name).forEach(known::add);
        try {
            return Optional.of(parse(section, known));
        } catch (ConfigurationException e) {
            throw new ConfigurationException(file + ": " + e.getMessage(), e);
        }
    }

    static Settings parse(JsonNode section, Set<String> known) {
        if (!section.isObject()) {
            throw new ConfigurationException("statusPage: must be a map with title and groups");
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("title") && !name.equals("groups")) {
                throw new ConfigurationException("statusPage." + name + ": unknown (known: title, groups)");
            }
        }
        JsonNode title = section.path("title");
        if (!title.isMissingNode() && !title.isTextual()) {
            throw new ConfigurationException("statusPage.title: must be text");
        }
        JsonNode groupsNode = section.path("groups");
        if (!groupsNode.isArray() || groupsNode.isEmpty() || groupsNode.size() > MAX_GROUPS) {
            throw new ConfigurationException("statusPage.groups: must be a list of 1–" + MAX_GROUPS
                    + " groups, each {name, services: [...]}");
        }
        List<Group> groups = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < groupsNode.size(); i++) {
            String path = "statusPage.groups[" + i + "]";
            JsonNode group = groupsNode.get(i);
            if (!group.isObject() || !group.path("name").isTextual() || group.path("name").asText().isBlank()) {
                throw new ConfigurationException(path + ": needs a name");
            }
            for (Iterator<String> names = group.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("name") && !name.equals("services")) {
                    throw new ConfigurationException(path + "." + name + ": unknown (known: name, services)");
                }
            }
            JsonNode servicesNode = group.path("services");
            if (!servicesNode.isArray() || servicesNode.isEmpty()) {
                throw new ConfigurationException(path + ".services: must be a list of service names");
            }
            List<String> services = new ArrayList<>();
            for (JsonNode service : servicesNode) {
                if (!service.isTextual() || !known.contains(service.asText())) {
                    throw new ConfigurationException(path + ".services: no service named '" + service.asText()
                            + "' in the services file");
                }
                services.add(service.asText());
            }
            count += services.size();
            if (count > MAX_SERVICES) {
                throw new ConfigurationException("statusPage: at most " + MAX_SERVICES + " services");
            }
            groups.add(new Group(group.get("name").asText(), List.copyOf(services)));
        }
        return new Settings(title.isTextual() ? title.asText() : "Status", List.copyOf(groups));
    }
}
