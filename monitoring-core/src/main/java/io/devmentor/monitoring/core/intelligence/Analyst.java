package io.devmentor.monitoring.core.intelligence;

import io.devmentor.monitoring.api.FailureKinds;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.IncidentAnalysis;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.analysis.RootCauses;
import io.devmentor.monitoring.core.incident.IncidentManager;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.core.pipeline.IncidentChanged;
import io.devmentor.monitoring.core.pipeline.IncidentTimeline;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses incidents: ranks their likely causes ({@link RootCauses}) from the services' states and the
 * predictions that hold, and picks the knowledge base's next steps. A new incident gets its analysis on its
 * timeline (kind {@code analysis}) once, and again when it is linked to a dependency's incident later.
 */
public final class Analyst {

    static final int MAX_ENTRIES = 1_000;
    private static final int REMEMBERED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(Analyst.class);

    private final Map<String, List<Suggestion>> knowledge = new LinkedHashMap<>();
    private final Supplier<List<ServiceState>> states;
    private final Supplier<List<Prediction>> predictions;
    private final Clock clock;
    private final Executor executor;
    private final IncidentTimeline incidents;
    private final Coordination coordination;
    // Incident id → the number of "linked" entries its last analysis saw.
    private final Map<String, Integer> analysed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    });

    public Analyst(List<Suggestion> entries, Supplier<List<ServiceState>> states, Supplier<List<Prediction>> predictions,
            Clock clock, Executor executor, IncidentTimeline incidents, Coordination coordination) {
        entries.stream().limit(MAX_ENTRIES)
                .forEach(e -> knowledge.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e));
        this.states = states;
        this.predictions = predictions;
        this.clock = clock;
        this.executor = executor;
        this.incidents = incidents;
        this.coordination = coordination;
    }

    /** The knowledge base's entries for a kind, in the order their knowledge bases came. */
    List<Suggestion> suggestions(String kind) {
        return knowledge.getOrDefault(kind, List.of());
    }

    /** Every entry of the knowledge base. */
    public List<Suggestion> knowledge() {
        return knowledge.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Given every change of an incident: analyses new ones and newly linked ones, off the feed's thread. The
     * engine's own incidents are analysed (a service down, a threshold, an SLA burn), not those opened by hand or
     * by a rule, whose cause is a person's or the rule's; another instance's changes are that instance's to analyse.
     */
    public void incidentChanged(IncidentChanged change) {
        Incident incident = change.incident();
        if (change.remote() || !incident.isActive() || !coordination.owns(incident.service()) || !analysable(incident.cause())) {
            return;
        }
        int linked = (int) incident.timeline().stream().filter(e -> e.kind().equals("linked")).count();
        Integer seen = analysed.putIfAbsent(incident.id(), linked);
        if (seen != null && seen >= linked) {
            return;
        }
        analysed.put(incident.id(), linked);
        executor.execute(() -> {
            try {
                IncidentAnalysis analysis = analyse(incident);
                IncidentAnalysis.Cause top = analysis.causes().get(0);
                incidents.noteWhileActive(incident.id(), "engine", "analysis", "likely cause: " + top.service()
                        + (top.subject().equals("service") ? "" : " (" + top.subject() + ")") + ", " + top.reason(),
                        data(analysis));
            } catch (RuntimeException e) {
                log.warn("incident {} not analysed: {}", incident.id(), e.toString());
            }
        });
    }

    private static boolean analysable(String cause) {
        return cause.equals(IncidentManager.CAUSE_DOWN) || cause.startsWith("threshold.") || cause.startsWith("sla.");
    }

    /**
     * What the engine makes of an incident: while it is active, an analysis made now; once resolved, the last one
     * made while it lasted (from its timeline), for the services' state now tells nothing of it; made now when
     * it has none.
     */
    public IncidentAnalysis explain(Incident incident) {
        if (!incident.isActive()) {
            for (int i = incident.timeline().size() - 1; i >= 0; i--) {
                TimelineEntry entry = incident.timeline().get(i);
                if (entry.kind().equals("analysis")) {
                    Optional<IncidentAnalysis> recorded = recorded(incident, entry);
                    if (recorded.isPresent()) {
                        return recorded.get();
                    }
                    break;
                }
            }
        }
        return analyse(incident);
    }

    /** A field of a recorded analysis, of its type; a missing or other one means the entry does not read. */
    private static <T> T field(Map<?, ?> map, String name, Class<T> type) {
        Object value = map.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("no " + type.getSimpleName() + " '" + name + "'");
        }
        return type.cast(value);
    }

    /** An analysis read back from a timeline entry written by {@link #data}; empty if it does not read. */
    private static Optional<IncidentAnalysis> recorded(Incident incident, TimelineEntry entry) {
        try {
            Map<String, Object> data = entry.data();
            List<IncidentAnalysis.Cause> causes = new ArrayList<>();
            for (Object item : field(data, "rootCauses", List.class)) {
                Map<?, ?> c = (Map<?, ?>) item;
                Map<String, Object> evidence = new LinkedHashMap<>();
                Map<?, ?> recorded = field(c, "evidence", Map.class);
                recorded.forEach((k, v) -> evidence.put(String.valueOf(k), v));
                causes.add(new IncidentAnalysis.Cause(field(c, "service", String.class), field(c, "subject",
                        String.class), field(c, "score", Number.class).doubleValue(), field(c, "reason", String.class),
                        evidence));
            }
            List<Suggestion> suggestions = new ArrayList<>();
            for (Object item : field(data, "suggestions", List.class)) {
                Map<?, ?> s = (Map<?, ?>) item;
                List<?> steps = field(s, "steps", List.class);
                suggestions.add(new Suggestion(field(s, "kind", String.class), field(s, "title", String.class),
                        steps.stream().map(String::valueOf).toList()));
            }
            if (causes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IncidentAnalysis(incident.id(), incident.service(),
                    field(data, "failureKind", String.class), causes, suggestions, entry.at()));
        } catch (RuntimeException malformed) { // not written by this version: analyse again
            return Optional.empty();
        }
    }

    IncidentAnalysis analyse(Incident incident) {
        Map<String, RootCauses.ServiceSignal> signals = new LinkedHashMap<>();
        for (ServiceState state : states.get()) {
            boolean trouble = state.status() == HealthStatus.DOWN || state.status() == HealthStatus.DEGRADED;
            // The ranking reads the failing service's kind only: classifying every troubled service's message
            // would cost a wide outage's worth of string work per analysis.
            String kind = trouble && state.name().equals(incident.service())
                    ? state.lastResult().map(FailureClassifier::classify).orElse(FailureKinds.UNKNOWN)
                    : FailureKinds.UNKNOWN;
            signals.put(state.name(), new RootCauses.ServiceSignal(state.name(), state.definition().dependsOn(),
                    state.status(), trouble ? Optional.of(state.since()) : Optional.empty(), kind));
        }
        List<RootCauses.SeriesSignal> series = new ArrayList<>();
        for (Prediction prediction : predictions.get()) {
            Instant since = prediction.generatedAt();
            Object text = prediction.evidence().get("since");
            if (text instanceof String s) {
                try {
                    since = Instant.parse(s);
                } catch (java.time.format.DateTimeParseException e) {
                    // keep the time it was generated
                }
            }
            series.add(new RootCauses.SeriesSignal(prediction.service(),
                    String.valueOf(prediction.evidence().getOrDefault("series", prediction.type())), prediction.type(),
                    prediction.confidence(), since));
        }
        Instant failedAt = incident.timeline().stream().filter(e -> e.kind().equals("detected"))
                .map(TimelineEntry::at).findFirst().orElse(incident.createdAt());
        RootCauses.ServiceSignal self = signals.get(incident.service());
        String kind = self == null ? FailureKinds.UNKNOWN : self.failureKind();
        if (incident.cause().startsWith("threshold.") || (incident.cause().startsWith("sla.")
                && kind.equals(FailureKinds.UNKNOWN))) {
            kind = FailureKinds.THRESHOLD; // a measure over its bound, not a failed check
            if (self != null) {
                signals.put(self.service(), new RootCauses.ServiceSignal(self.service(), self.dependsOn(),
                        self.status(), self.troubleSince(), kind));
            }
        }
        List<IncidentAnalysis.Cause> causes = RootCauses.rank(incident.service(), failedAt, signals, series);
        IncidentAnalysis.Cause top = causes.get(0);
        List<Suggestion> suggestions = new ArrayList<>();
        if (!top.service().equals(incident.service())) {
            suggestions.addAll(suggestions(FailureKinds.DEPENDENCY));
        } else if (!top.subject().equals("service")) {
            top.evidence().entrySet().stream().filter(e -> e.getKey().equals("type"))
                    .forEach(e -> suggestions.addAll(suggestions(String.valueOf(e.getValue()))));
        }
        suggestions.addAll(suggestions(kind));
        return new IncidentAnalysis(incident.id(), incident.service(), kind, causes, suggestions, clock.instant());
    }

    static Map<String, Object> data(IncidentAnalysis analysis) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("failureKind", analysis.failureKind());
        List<Map<String, Object>> causes = new ArrayList<>();
        for (IncidentAnalysis.Cause cause : analysis.causes().subList(0, Math.min(5, analysis.causes().size()))) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("service", cause.service());
            c.put("subject", cause.subject());
            c.put("score", Math.round(cause.score() * 1000) / 1000.0);
            c.put("reason", cause.reason());
            c.put("evidence", cause.evidence());
            causes.add(c);
        }
        data.put("rootCauses", causes);
        data.put("suggestions", analysis.suggestions().stream()
                .map(s -> Map.of("kind", s.kind(), "title", s.title(), "steps", s.steps())).toList());
        return data;
    }
}
