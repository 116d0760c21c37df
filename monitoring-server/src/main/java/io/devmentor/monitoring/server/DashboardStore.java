package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.core.SharedStorageException;
import io.devmentor.monitoring.spi.SharedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The custom dashboards: named layouts of panels, validated, at most {@value #MAX_DASHBOARDS} of at most
 * {@value #MAX_PANELS} panels. Kept in the shared store when there is one (one document each in
 * {@value #COLLECTION}), so that a dashboard saved on one instance is read on every other; else in
 * {@code dashboards.json} in the data directory (written whole, atomically).
 */
final class DashboardStore {

    /** The events a save and a delete publish, attributed to who made them. */
    static final String SAVED = "dashboard.saved";
    static final String DELETED = "dashboard.deleted";
    static final int MAX_DASHBOARDS = 100;
    /** The shared store's collection of dashboards. */
    static final String COLLECTION = "dashboards";
    static final int MAX_PANELS = 24;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> KINDS = Set.of("series", "service");
    private static final Set<String> CHARTS = Set.of("line", "bars", "stat");
    private static final Set<String> RANGES = Set.of("1h", "6h", "24h", "7d");
    private static final Set<String> PANEL_FIELDS = Set.of("title", "kind", "target", "chart", "range");

    /** Where the dashboards are kept; none (memory only) when the engine has no data directory. */
    private final Optional<Path> file;
    private final ObjectMapper json;
    private final Clock clock;
    private final Optional<SharedStore> shared;
    /** This instance's dashboards, without a shared store. */
    private final Map<String, Dashboard> dashboards = new TreeMap<>();

    /** A saved dashboard. */
    record Dashboard(String name, List<Panel> panels, Instant updatedAt) {
        Dashboard {
            panels = List.copyOf(panels);
        }
    }

    /**
     * A panel: a series' chart or a service's, over a range.
     *
     * @param title shown above it; empty for the target's own name
     * @param kind {@code series} or {@code service}
     * @param target a series key, or a service's name
     * @param chart {@code line}, {@code bars} or {@code stat}
     * @param range {@code 1h}, {@code 6h}, {@code 24h} or {@code 7d}
     */
    record Panel(String title, String kind, String target, String chart, String range) {
    }

    /** The file's form: its version and the dashboards. */
    private record Saved(int version, List<Dashboard> dashboards) {
    }

    DashboardStore(Optional<Path> dataDirectory, Optional<SharedStore> shared, ObjectMapper json, Clock clock) {
        this.file = dataDirectory.map(d -> d.resolve("dashboards.json"));
        this.shared = shared;
        this.json = json;
        this.clock = clock;
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            try {
                json.readValue(file.get().toFile(), Saved.class).dashboards()
                        .forEach(d -> dashboards.put(d.name(), d));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.get(), e);
            }
        }
        shared.ifPresent(this::importInto);
    }

    /** Adds the dashboards this instance kept in its file, before it had a shared store, to the store. */
    private void importInto(SharedStore store) {
        if (dashboards.isEmpty()) {
            return;
        }
        try {
            Map<String, String> there = store.documents(COLLECTION);
            for (Dashboard dashboard : dashboards.values()) {
                if (!there.containsKey(dashboard.name())) {
                    store.putDocument(COLLECTION, dashboard.name(), json.writeValueAsString(dashboard));
                }
            }
        } catch (Exception e) {
            LoggerFactory.getLogger(DashboardStore.class).warn("the dashboards of {} not added to the shared store:"
                    + " {}", file.map(Path::toString).orElse("this instance"), e.toString());
        }
    }

    synchronized List<Dashboard> all() {
        return new ArrayList<>(current().values());
    }

    synchronized Optional<Dashboard> find(String name) {
        return Optional.ofNullable(current().get(name));
    }

    /** The dashboards: those of the shared store, read now, or this instance's. */
    private Map<String, Dashboard> current() {
        if (shared.isEmpty()) {
            return dashboards;
        }
        Map<String, Dashboard> read = new TreeMap<>();
        try {
            for (Map.Entry<String, String> document : shared.get().documents(COLLECTION).entrySet()) {
                try {
                    read.put(document.getKey(), json.readValue(document.getValue(), Dashboard.class));
                } catch (IOException | RuntimeException e) {
                    LoggerFactory.getLogger(DashboardStore.class).warn("dashboard {} in the shared store not read: {}",
                            document.getKey(), e.toString());
                }
            }
        } catch (Exception e) {
            throw new SharedStorageException("the dashboards could not be read from the shared store", e);
        }
        return read;
    }

    /** Creates or replaces a dashboard; the body is {@code {"panels": [...]}}. */
    synchronized Dashboard save(String name, JsonNode body) {
        if (!NAME.matcher(name).matches()) {
            throw HttpProblem.badRequest("a dashboard's name is 1–64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        Map<String, Dashboard> existing = current();
        if (!existing.containsKey(name) && existing.size() >= MAX_DASHBOARDS) {
            throw new HttpProblem(409, "at most " + MAX_DASHBOARDS + " dashboards: delete one first");
        }
        JsonNode panels = body.path("panels");
        if (!panels.isArray()) {
            throw HttpProblem.badRequest("panels must be a list of {kind, target, chart, range, title?}");
        }
        if (panels.size() > MAX_PANELS) {
            throw HttpProblem.badRequest("at most " + MAX_PANELS + " panels, has " + panels.size());
        }
        List<Panel> clean = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            clean.add(panel(panels.get(i), "panels[" + i + "]"));
        }
        Dashboard dashboard = new Dashboard(name, clean, clock.instant());
        if (shared.isPresent()) {
            try {
                shared.get().putDocument(COLLECTION, name, json.writeValueAsString(dashboard));
            } catch (Exception e) {
                throw new SharedStorageException("the dashboard could not be saved in the shared store", e);
            }
            return dashboard;
        }
        Dashboard before = dashboards.put(name, dashboard);
        try {
            write();
        } catch (IOException e) {
            restore(name, before);
            throw new UncheckedIOException("cannot write " + file.orElseThrow(), e);
        }
        return dashboard;
    }

    synchronized boolean delete(String name) {
        if (shared.isPresent()) {
            try {
                return shared.get().removeDocument(COLLECTION, name);
            } catch (Exception e) {
                throw new SharedStorageException("the dashboard could not be deleted from the shared store", e);
            }
        }
        Dashboard before = dashboards.remove(name);
        if (before == null) {
            return false;
        }
        try {
            write();
        } catch (IOException e) {
            dashboards.put(name, before);
            throw new UncheckedIOException("cannot write " + file.orElseThrow(), e);
        }
        return true;
    }

    private void restore(String name, @Nullable Dashboard before) {
        if (before == null) {
            dashboards.remove(name);
        } else {
            dashboards.put(name, before);
        }
    }

    private static Panel panel(JsonNode panel, String at) {
        if (!panel.isObject()) {
            throw HttpProblem.badRequest(at + " must be an object {kind, target, chart, range, title?}");
        }
        panel.fieldNames().forEachRemaining(field -> {
            if (!PANEL_FIELDS.contains(field)) {
                throw HttpProblem.badRequest(at + "." + field + ": unknown field (known: " + String.join(", ",
                        new java.util.TreeSet<>(PANEL_FIELDS)) + ")");
            }
        });
        return new Panel(text(panel, "title", at, false, 100).orElse(""), oneOf(panel, "kind", at, KINDS),
                text(panel, "target", at, true, 300).orElseThrow(), oneOf(panel, "chart", at, CHARTS),
                oneOf(panel, "range", at, RANGES));
    }

    private static String oneOf(JsonNode panel, String field, String at, Set<String> allowed) {
        String value = text(panel, field, at, true, 20).orElseThrow();
        if (!allowed.contains(value)) {
            throw HttpProblem.badRequest(at + "." + field + " must be one of " + new java.util.TreeSet<>(allowed)
                    + ", was '" + value + "'");
        }
        return value;
    }

    private static Optional<String> text(JsonNode panel, String field, String at, boolean required, int max) {
        JsonNode value = panel.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw HttpProblem.badRequest(at + "." + field + " is required");
            }
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().length() > max) {
            throw HttpProblem.badRequest(at + "." + field + " must be text of at most " + max + " characters");
        }
        return Optional.of(value.asText());
    }

    private void write() throws IOException {
        if (file.isEmpty()) {
            return;
        }
        Path file = this.file.get();
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("dashboards.json.tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(),
                new Saved(1, List.copyOf(dashboards.values())));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
