package io.devmentor.monitoring.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The custom dashboards: named layouts of panels, validated, at most {@value #MAX_DASHBOARDS} of at most
 * {@value #MAX_PANELS} panels, kept in {@code dashboards.json} in the data directory (written whole, atomically).
 */
final class DashboardStore {

    static final int MAX_DASHBOARDS = 100;
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
    private final Map<String, ObjectNode> dashboards = new TreeMap<>();

    DashboardStore(Optional<Path> dataDirectory, ObjectMapper json, Clock clock) {
        this.file = dataDirectory.map(d -> d.resolve("dashboards.json"));
        this.json = json;
        this.clock = clock;
        if (file.isPresent() && Files.isRegularFile(file.get())) {
            try {
                json.readTree(file.get().toFile()).path("dashboards").forEach(d -> dashboards.put(d.path("name").asText(),
                        (ObjectNode) d));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.get(), e);
            }
        }
    }

    synchronized List<JsonNode> all() {
        return new ArrayList<>(dashboards.values());
    }

    synchronized Optional<JsonNode> find(String name) {
        return Optional.ofNullable(dashboards.get(name));
    }

    /** Creates or replaces a dashboard; the body is {@code {"panels": [...]}}. */
    synchronized JsonNode save(String name, JsonNode body) {
        if (!NAME.matcher(name).matches()) {
            throw HttpProblem.badRequest("a dashboard's name is 1–64 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        if (!dashboards.containsKey(name) && dashboards.size() >= MAX_DASHBOARDS) {
            throw new HttpProblem(409, "at most " + MAX_DASHBOARDS + " dashboards: delete one first");
        }
        JsonNode panels = body.path("panels");
        if (!panels.isArray()) {
            throw HttpProblem.badRequest("panels must be a list of {kind, target, chart, range, title?}");
        }
        if (panels.size() > MAX_PANELS) {
            throw HttpProblem.badRequest("at most " + MAX_PANELS + " panels, has " + panels.size());
        }
        ArrayNode clean = json.createArrayNode();
        for (int i = 0; i < panels.size(); i++) {
            clean.add(panel(panels.get(i), "panels[" + i + "]"));
        }
        ObjectNode dashboard = json.createObjectNode();
        dashboard.put("name", name);
        dashboard.set("panels", clean);
        dashboard.put("updatedAt", clock.instant().toString());
        ObjectNode before = dashboards.put(name, dashboard);
        try {
            write();
        } catch (IOException e) {
            restore(name, before);
            throw new UncheckedIOException("cannot write " + file.orElseThrow(), e);
        }
        return dashboard;
    }

    synchronized boolean delete(String name) {
        ObjectNode before = dashboards.remove(name);
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

    private void restore(String name, ObjectNode before) {
        if (before == null) {
            dashboards.remove(name);
        } else {
            dashboards.put(name, before);
        }
    }

    private ObjectNode panel(JsonNode panel, String at) {
        if (!panel.isObject()) {
            throw HttpProblem.badRequest(at + " must be an object {kind, target, chart, range, title?}");
        }
        panel.fieldNames().forEachRemaining(field -> {
            if (!PANEL_FIELDS.contains(field)) {
                throw HttpProblem.badRequest(at + "." + field + ": unknown field (known: " + String.join(", ",
                        new java.util.TreeSet<>(PANEL_FIELDS)) + ")");
            }
        });
        ObjectNode clean = json.createObjectNode();
        clean.put("title", text(panel, "title", at, false, 100).orElse(""));
        clean.put("kind", oneOf(panel, "kind", at, KINDS));
        clean.put("target", text(panel, "target", at, true, 300).orElseThrow());
        clean.put("chart", oneOf(panel, "chart", at, CHARTS));
        clean.put("range", oneOf(panel, "range", at, RANGES));
        return clean;
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
        ObjectNode root = json.createObjectNode();
        root.put("version", 1);
        root.set("dashboards", json.valueToTree(dashboards.values()));
        json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
