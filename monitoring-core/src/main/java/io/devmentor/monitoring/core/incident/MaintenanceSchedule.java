package io.devmentor.monitoring.core.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.MaintenanceWindow;
import io.devmentor.monitoring.core.ScheduledMaintenance;
import io.devmentor.monitoring.core.SharedStorageException;
import io.devmentor.monitoring.spi.SharedStore;
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
 * The one-off maintenance windows people schedule while the engine runs, beside the services file's. Kept in the
 * shared store when there is one (one document each in {@value #COLLECTION}, read by every instance, and read again
 * when another announces a change: {@link #refresh()}), else in {@value #FILE} under the data directory, written whole
 * and atomically; either way before a change returns, so they survive a restart. At most {@value #MAX_WINDOWS}; a
 * window over for a day is forgotten. Each change is published, attributed: {@code maintenance.scheduled},
 * {@code maintenance.cancelled}.
 */
public final class MaintenanceSchedule {

    public static final String FILE = "maintenance.json";
    /** The shared store's collection of windows. */
    public static final String COLLECTION = "maintenance";
    public static final String SCHEDULED = "maintenance.scheduled";
    public static final String CANCELLED = "maintenance.cancelled";
    static final int MAX_WINDOWS = 1000;
    private static final Duration KEPT_AFTER_END = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final Optional<Path> file;
    private final Optional<SharedStore> shared;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final ObjectMapper json = new ObjectMapper();
    private volatile List<ScheduledMaintenance> windows;

    public MaintenanceSchedule(Optional<Path> dataDirectory, Optional<SharedStore> shared, Clock clock,
            Consumer<MonitoringEvent> publish) {
        this.file = dataDirectory.map(directory -> directory.resolve(FILE));
        this.shared = shared;
        this.clock = clock;
        this.publish = publish;
        List<ScheduledMaintenance> loaded = loadFile();
        if (shared.isPresent()) {
            loaded = importInto(shared.get(), loaded);
        }
        this.windows = List.copyOf(loaded);
    }

    /**
     * The windows in the shared store, with those this instance kept in its file before it had one added (a store
     * that is away at the start leaves the file's).
     */
    private List<ScheduledMaintenance> importInto(SharedStore store, List<ScheduledMaintenance> fromFile) {
        try {
            Map<String, ScheduledMaintenance> inStore = readShared(store);
            for (ScheduledMaintenance scheduled : fromFile) {
                if (!inStore.containsKey(scheduled.id())) {
                    store.putDocument(COLLECTION, scheduled.id(), json.writeValueAsString(stored(scheduled)));
                    inStore.put(scheduled.id(), scheduled);
                }
            }
            return sorted(inStore.values());
        } catch (Exception e) {
            log.warn("maintenance windows not read from the shared store; those of {} hold until it answers: {}",
                    file.map(Path::toString).orElse("this instance"), e.toString());
            return fromFile;
        }
    }

    /**
     * Reads the windows again from the shared store: another instance changed them. Without one, or while it is away,
     * the windows stay as they were.
     */
    public void refresh() {
        shared.ifPresent(store -> {
            try {
                Map<String, ScheduledMaintenance> read = readShared(store);
                synchronized (this) {
                    windows = List.copyOf(sorted(read.values()));
                }
            } catch (Exception e) {
                log.warn("maintenance windows not read again from the shared store: {}", e.toString());
            }
        });
    }

    private Map<String, ScheduledMaintenance> readShared(SharedStore store) throws Exception {
        Map<String, ScheduledMaintenance> read = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Map.Entry<String, String> document : store.documents(COLLECTION).entrySet()) {
            try {
                ScheduledMaintenance scheduled = parse(json.readTree(document.getValue()));
                if (scheduled.window().end().orElseThrow().plus(KEPT_AFTER_END).isAfter(now)) {
                    read.put(scheduled.id(), scheduled);
                } else {
                    store.removeDocument(COLLECTION, scheduled.id()); // over for a day: forgotten
                }
            } catch (IOException | RuntimeException e) {
                log.warn("maintenance window {} in the shared store not read: {}", document.getKey(), e.toString());
            }
        }
        return read;
    }

    private static List<ScheduledMaintenance> sorted(java.util.Collection<ScheduledMaintenance> windows) {
        List<ScheduledMaintenance> list = new ArrayList<>(windows);
        list.sort((a, b) -> a.window().start().orElseThrow().compareTo(b.window().start().orElseThrow()));
        return list;
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
        save(next, Optional.of(scheduled), Optional.empty());
        windows = List.copyOf(sorted(next));
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
        save(next, Optional.empty(), cancelled);
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

    /** What is kept of a window: what its events say, and who scheduled it when. */
    private static Map<String, Object> stored(ScheduledMaintenance scheduled) {
        Map<String, Object> entry = fields(scheduled);
        entry.put("scheduledBy", scheduled.scheduledBy());
        entry.put("scheduledAt", scheduled.scheduledAt().toString());
        return entry;
    }

    /**
     * Keeps a change: the window added or removed in the shared store, or, without one, the windows written whole,
     * atomically (a crash leaves the previous file).
     *
     * @throws SharedStorageException when the shared store could not be written; nothing changed
     */
    private void save(List<ScheduledMaintenance> next, Optional<ScheduledMaintenance> added,
            Optional<ScheduledMaintenance> removed) {
        if (shared.isPresent()) {
            try {
                if (added.isPresent()) {
                    shared.get().putDocument(COLLECTION, added.get().id(), json.writeValueAsString(stored(added.get())));
                }
                if (removed.isPresent()) {
                    shared.get().removeDocument(COLLECTION, removed.get().id());
                }
            } catch (Exception e) {
                throw new SharedStorageException("the maintenance window could not be kept in the shared store", e);
            }
            return;
        }
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        try {
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(FILE + ".tmp");
            List<Map<String, Object>> stored = new ArrayList<>();
            for (ScheduledMaintenance scheduled : next) {
                stored.add(stored(scheduled));
            }
            json.writeValue(temporary.toFile(), Map.of("version", 1, "windows", stored));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the maintenance windows could not be saved to " + target, e);
        }
    }

    private static ScheduledMaintenance parse(JsonNode entry) {
        Set<String> names = new java.util.HashSet<>();
        entry.path("services").forEach(name -> names.add(name.asText()));
        return new ScheduledMaintenance(entry.path("id").asText(), new MaintenanceWindow(names,
                Optional.of(Instant.parse(entry.path("start").asText())),
                Optional.of(Instant.parse(entry.path("end").asText())), Set.of(), Optional.empty(),
                Optional.empty(), ZoneOffset.UTC), entry.path("reason").asText(),
                entry.path("scheduledBy").asText(), Instant.parse(entry.path("scheduledAt").asText()));
    }

    private List<ScheduledMaintenance> loadFile() {
        Path source = file.orElse(null);
        if (source == null || !Files.isRegularFile(source)) {
            return List.of();
        }
        try {
            List<ScheduledMaintenance> loaded = new ArrayList<>();
            for (JsonNode entry : json.readTree(source.toFile()).path("windows")) {
                loaded.add(parse(entry));
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            log.error("maintenance windows in {} not read, none scheduled: {}", source, e.toString());
            return List.of();
        }
    }
}
