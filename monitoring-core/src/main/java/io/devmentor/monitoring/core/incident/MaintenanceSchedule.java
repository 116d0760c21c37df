package io.devmentor.monitoring.core.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.MaintenanceWindow;
import io.devmentor.monitoring.core.ScheduledMaintenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-off maintenance windows people schedule while the engine runs, beside the services file's. Kept in
 * {@value #FILE} under the data directory, written whole and atomically before a change returns, so they survive a
 * restart. At most {@value #MAX_WINDOWS}; a window over for a day is forgotten. Each change is published,
 * attributed: {@code maintenance.scheduled}, {@code maintenance.cancelled}.
 */
public final class MaintenanceSchedule {

    public static final String FILE = "maintenance.json";
    public static final String SCHEDULED = "maintenance.scheduled";
    public static final String CANCELLED = "maintenance.cancelled";
    static final int MAX_WINDOWS = 1000;
    private static final Duration KEPT_AFTER_END = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final Optional<Path> file;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final ObjectMapper json = new ObjectMapper();
    private volatile List<ScheduledMaintenance> windows;

    public MaintenanceSchedule(Optional<Path> dataDirectory, Clock clock, Consumer<MonitoringEvent> publish) {
        this.file = dataDirectory.map(directory -> directory.resolve(FILE));
        this.clock = clock;
        this.publish = publish;
        this.windows = List.copyOf(load());
    }

    /** The windows scheduled and not over for a day, the earliest first. */
    public List<ScheduledMaintenance> windows() {
        return windows;
    }

    /** Whether a scheduled window covers a service at a time. */
    public boolean covers(String service, Instant at) {
        for (ScheduledMaintenance scheduled : windows) {
            if (scheduled.window().covers(service, at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Schedules a one-off window over some services (all, when none are named).
     *
     * @throws IllegalArgumentException when the window is not one-off, is over, or the reason is empty
     * @throws IllegalStateException when {@value #MAX_WINDOWS} are scheduled already
     */
    public synchronized ScheduledMaintenance schedule(Set<String> services, Instant start, Instant end, String reason,
            Actor actor) {
        MaintenanceWindow window = new MaintenanceWindow(services, Optional.of(start), Optional.of(end), Set.of(),
                Optional.empty(), Optional.empty(), ZoneOffset.UTC);
        Instant now = clock.instant();
        if (!end.isAfter(now)) {
            throw new IllegalArgumentException("the window is over: end must be after now (" + now + ")");
        }
        List<ScheduledMaintenance> next = current(now);
        if (next.size() >= MAX_WINDOWS) {
            throw new IllegalStateException("at most " + MAX_WINDOWS + " maintenance windows can be scheduled; cancel"
                    + " one first");
        }
        ScheduledMaintenance scheduled = new ScheduledMaintenance(UUID.randomUUID().toString(), window, reason,
                actor.name(), now);
        next.add(scheduled);
        next.sort((a, b) -> a.window().start().orElseThrow().compareTo(b.window().start().orElseThrow()));
        save(next);
        windows = List.copyOf(next);
        announce(SCHEDULED, scheduled, actor);
        return scheduled;
    }

    /** Cancels a scheduled window; false when there is none of that id. */
    public synchronized boolean cancel(String id, Actor actor) {
        List<ScheduledMaintenance> next = current(clock.instant());
        Optional<ScheduledMaintenance> cancelled = next.stream().filter(w -> w.id().equals(id)).findFirst();
        if (cancelled.isEmpty()) {
            return false;
        }
        next.remove(cancelled.get());
        save(next);
        windows = List.copyOf(next);
        announce(CANCELLED, cancelled.get(), actor);
        return true;
    }

    /** The windows not over for a day, to change. */
    private List<ScheduledMaintenance> current(Instant now) {
        List<ScheduledMaintenance> current = new ArrayList<>();
        for (ScheduledMaintenance scheduled : windows) {
            if (scheduled.window().end().orElseThrow().plus(KEPT_AFTER_END).isAfter(now)) {
                current.add(scheduled);
            }
        }
        return current;
    }

    private void announce(String type, ScheduledMaintenance scheduled, Actor actor) {
        Map<String, Object> data = fields(scheduled);
        log.atInfo().addKeyValue("maintenanceId", scheduled.id()).log("maintenance {} {} by {}: {} from {} to {}",
                scheduled.id(), type.equals(SCHEDULED) ? "scheduled" : "cancelled", actor.name(),
                scheduled.window().services().isEmpty() ? "every service" : scheduled.window().services(),
                data.get("start"), data.get("end"));
        publish.accept(MonitoringEvent.of(type, "maintenance", clock.instant(), Severity.INFO, data)
                .withMetadata(actor.attribute(EventMetadata.EMPTY)));
    }

    /** What the events about a window say of it, and the file keeps. */
    private static Map<String, Object> fields(ScheduledMaintenance scheduled) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", scheduled.id());
        fields.put("services", scheduled.window().services().stream().sorted().toList());
        fields.put("start", scheduled.window().start().orElseThrow().toString());
        fields.put("end", scheduled.window().end().orElseThrow().toString());
        fields.put("reason", scheduled.reason());
        return fields;
    }

    /** Writes the windows whole, atomically: a crash leaves the previous file. */
    private void save(List<ScheduledMaintenance> next) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(FILE + ".tmp");
            List<Map<String, Object>> stored = new ArrayList<>();
            for (ScheduledMaintenance scheduled : next) {
                Map<String, Object> entry = fields(scheduled);
                entry.put("scheduledBy", scheduled.scheduledBy());
                entry.put("scheduledAt", scheduled.scheduledAt().toString());
                stored.add(entry);
            }
            json.writeValue(temporary.toFile(), Map.of("version", 1, "windows", stored));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the maintenance windows could not be saved to " + target, e);
        }
    }

    private List<ScheduledMaintenance> load() {
        Path source = file.orElse(null);
        if (source == null || !Files.isRegularFile(source)) {
            return List.of();
        }
        try {
            List<ScheduledMaintenance> loaded = new ArrayList<>();
            for (JsonNode entry : json.readTree(source.toFile()).path("windows")) {
                Set<String> names = new java.util.HashSet<>();
                entry.path("services").forEach(name -> names.add(name.asText()));
                loaded.add(new ScheduledMaintenance(entry.path("id").asText(), new MaintenanceWindow(names,
                        Optional.of(Instant.parse(entry.path("start").asText())),
                        Optional.of(Instant.parse(entry.path("end").asText())), Set.of(), Optional.empty(),
                        Optional.empty(), ZoneOffset.UTC), entry.path("reason").asText(),
                        entry.path("scheduledBy").asText(), Instant.parse(entry.path("scheduledAt").asText())));
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            log.error("maintenance windows in {} not read, none scheduled: {}", source, e.toString());
            return List.of();
        }
    }
}
