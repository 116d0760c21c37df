package io.devmentor.monitoring.core.incident;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.IncidentSettings;
import io.devmentor.monitoring.core.IncidentStorageException;
import io.devmentor.monitoring.core.Incidents;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.core.pipeline.IncidentChanged;
import io.devmentor.monitoring.core.pipeline.IncidentCommands;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.IncidentStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident stage: the lifecycle of incidents (opened, updated, acknowledged, resolved, kept in the store and
 * announced once as an {@link IncidentChanged}) and the detection policies that drive it from the services'
 * checks. The dependency policy is {@link DependencyChain}'s, the auto-response policy {@link AutoResponse}'s;
 * what is remembered of each service between checks is its {@link ServiceTrack}.
 *
 * <ul>
 *   <li>A service DOWN after its retries opens one incident (cause {@code down}); while it is active,
 *       further failures go on its timeline instead of opening new ones.</li>
 *   <li>After {@link IncidentSettings#autoResolveAfter()} successful checks in a row it is resolved by the
 *       engine.</li>
 *   <li>When a service changes state too often (Nagios' weighted percent state change over the last
 *       checks, with a high and a low threshold for hysteresis) its incident is marked flapping.</li>
 *   <li>When a dependency of the service has an active incident, the service's incident is linked to
 *       the root of that chain as its likely cause; an incident opened for a dependency later links the
 *       dependents' incidents that have no cause yet.</li>
 * </ul>
 *
 * <p>All changes go through one lock: incidents change seldom, and a simple order is worth more than
 * parallel writes.
 */
public final class IncidentManager implements Incidents, IncidentCommands {

    static final String ENGINE = "engine";
    public static final String CAUSE_DOWN = "down";
    static final String CAUSE_MANUAL = "manual";
    public static final String THRESHOLD = "threshold.";
    static final String SYSTEM = "system";
    private static final int MAX_TEXT = 2000;
    private static final Logger log = LoggerFactory.getLogger(IncidentManager.class);
    /** Immutable once made, like the mapper inside it. */
    private final WireFormat wire = new WireFormat();

    private final IncidentStore store;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final IncidentSettings settings;
    private final MaintenanceSchedule schedule;
    private final AutoResponse autoResponse;
    private final DependencyChain dependencies;
    private final Thresholds defaultThresholds;
    private final Counter storeErrors;
    private final Map<String, ServiceTrack> tracks = new HashMap<>();
    private final Map<String, Incident> active = new LinkedHashMap<>();
    private boolean closed;
    private final Consumer<IncidentChanged> changes;
    private final Coordination coordination;
    /** How long a claim to open an incident holds: longer than two members can disagree on who owns a service. */
    private static final Duration OPEN_CLAIM = Duration.ofSeconds(10);

    /**
     * @param publish where the {@code incident.*} events go, to every instance
     * @param changes where each change goes, whole, to the stages after this one (once per change, made here or,
     *     read back from the shared store, by another instance)
     */
    public IncidentManager(IncidentStore store, Clock clock, Consumer<MonitoringEvent> publish,
            Consumer<IncidentChanged> changes,
            java.util.function.Function<String, Optional<ServiceDefinition>> services, IncidentSettings settings, ServiceControl control,
            Thresholds defaultThresholds, MeterRegistry registry, Coordination coordination, MaintenanceSchedule schedule) {
        this.store = store;
        this.schedule = schedule;
        this.changes = changes;
        this.coordination = coordination;
        this.defaultThresholds = defaultThresholds;
        this.autoResponse = new AutoResponse(control, clock, this::noteOnOutage);
        this.dependencies = new DependencyChain(services);
        this.clock = clock;
        this.publish = publish;
        this.settings = settings;
        this.storeErrors = Counter.builder("monitoring.incident.store.errors")
                .description("Incident writes and reads the store failed").register(registry);
        io.micrometer.core.instrument.Gauge.builder("monitoring.incidents.active", active, Map::size)
                .description("Incidents open or acknowledged").register(registry);
    }

    /**
     * Loads the incidents that were active when the engine last stopped, and returns them. All or nothing:
     * when the store cannot be read, nothing changes and {@link IncidentStorageException} says why (the
     * engine tries again later). Incidents opened meanwhile keep their place.
     */
    public List<Incident> restore() {
        List<Incident> restored = new ArrayList<>();
        for (IncidentStatus status : List.of(IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED)) {
            for (int offset = 0; ; offset += 1000) {
                IncidentQuery page = IncidentQuery.first(1000).withStatus(status).withOffset(offset);
                List<Incident> items = read(() -> store.query(page)).items();
                restored.addAll(items);
                if (items.size() < 1000) {
                    break;
                }
            }
        }
        synchronized (this) {
            restored.removeIf(incident -> active.containsKey(incident.id()));
            for (Incident incident : restored) {
                active.put(incident.id(), incident);
                ServiceTrack track = track(incident.service());
                if (incident.cause().equals(CAUSE_DOWN) && track.downIncident == null) {
                    track.downIncident = incident.id();
                } else if (incident.cause().startsWith(THRESHOLD)) {
                    track.thresholdIncidents.putIfAbsent(incident.cause().substring(THRESHOLD.length()),
                            incident.id());
                }
            }
        }
        if (!restored.isEmpty()) {
            log.info("restored {} active incident(s)", restored.size());
        }
        return restored;
    }

    /**
     * Another member changed an incident (its event came through the shared transport): read it back from the
     * shared store, so that this instance's view, and what it would resolve or notify when it owns the
     * service, stays current; the stages after this one are given the change as a remote one. Changes this
     * instance made are current already and cost nothing here.
     */
    public void refresh(MonitoringEvent event) {
        Object id = event.data().get("id");
        if (!(id instanceof String) || !event.type().startsWith("incident.")) {
            return;
        }
        synchronized (this) {
            Incident cached = active.get(id);
            if (closed || (cached != null && !cached.updatedAt().isBefore(event.timestamp()))
                    || (cached == null && event.type().equals(EventTypes.INCIDENT_RESOLVED))) {
                return;
            }
        }
        Optional<Incident> stored;
        try {
            stored = store.find((String) id);
        } catch (Exception e) {
            log.debug("incident {} not refreshed: {}", id, e.toString());
            return;
        }
        synchronized (this) {
            if (closed || stored.isEmpty()) {
                return;
            }
            Incident fresh = stored.get();
            Incident cached = active.get(fresh.id());
            if (cached != null && cached.updatedAt().isAfter(fresh.updatedAt())) {
                return;
            }
            ServiceTrack track = track(fresh.service());
            if (fresh.isActive()) {
                active.put(fresh.id(), fresh);
                if (fresh.cause().equals(CAUSE_DOWN)) {
                    track.downIncident = fresh.id();
                } else if (fresh.cause().startsWith(THRESHOLD)) {
                    track.thresholdIncidents.put(fresh.cause().substring(THRESHOLD.length()), fresh.id());
                }
            } else {
                active.remove(fresh.id());
                if (fresh.id().equals(track.downIncident)) {
                    track.downIncident = null;
                }
                track.thresholdIncidents.values().remove(fresh.id());
            }
            changes.accept(new IncidentChanged(event.type(), fresh, true));
        }
    }

    /**
     * Stops all changes. Every write happens under this object's lock, so once this returns nothing more
     * reaches the store, and the store can be closed.
     */
    public synchronized void close() {
        closed = true;
    }

    /** Adds a line to an incident's timeline without announcing it: notifications record their outcome so. */
    @Override
    public synchronized void note(String incidentId, String actor, String kind, String message, Map<String, Object> data) {
        if (closed) {
            return;
        }
        Incident incident = active.get(incidentId);
        if (incident == null) {
            try {
                incident = store.find(incidentId).orElse(null);
            } catch (Exception e) {
                storeErrors.increment();
                log.error("cannot note '{}' on incident {}: {}", message, incidentId, e.toString());
                return;
            }
        }
        if (incident == null) {
            return;
        }
        Incident noted = incident.withEntry(entry(clock.instant(), actor, kind, message, data));
        saveOrLog(noted);
        if (noted.isActive()) {
            active.put(noted.id(), noted);
        }
    }

    @Override
    public synchronized void noteWhileActive(String incidentId, String actor, String kind, String message,
            Map<String, Object> data) {
        Incident incident = active.get(incidentId);
        if (closed || incident == null) {
            return;
        }
        Incident noted = incident.withEntry(entry(clock.instant(), actor, kind, message, data));
        saveOrLog(noted);
        active.put(noted.id(), noted);
    }

    /**
     * Raises an active incident's severity, never lowers it: the engine's own change (a slow SLA burn that turned
     * fast), on the timeline as {@code severity} and published as an update.
     */
    @Override
    public synchronized void raise(String incidentId, IncidentSeverity severity, String actor, String message,
            Map<String, Object> data) {
        Incident incident = closed ? null : active.get(incidentId);
        if (incident == null || incident.severity().compareTo(severity) >= 0) {
            return;
        }
        Map<String, Object> entryData = new LinkedHashMap<>(data);
        entryData.put("from", incident.severity().wireName());
        entryData.put("to", severity.wireName());
        update(incident, entry(clock.instant(), actor, "severity", message, entryData),
                i -> i.withSeverity(severity));
    }

    /**
     * A service no longer watched (its discovery dropped it): the engine's own incidents of it are resolved, for
     * nothing will check it again, and what the manager remembered of it goes; incidents opened by people stay.
     */
    public synchronized void forget(String service, String why) {
        if (closed) {
            return;
        }
        for (Incident incident : List.copyOf(active.values())) {
            if (incident.service().equals(service) && !incident.cause().equals(CAUSE_MANUAL)) {
                resolveLocked(incident, ENGINE, why);
            }
        }
        tracks.remove(service);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the monitoring engine is closed");
        }
    }

    /** Takes the result of one check of one service. */
    public synchronized void onCheck(ServiceState state) {
        if (closed) {
            return;
        }
        ServiceTrack track = track(state.name());
        HealthStatus status = state.status();
        if (status == HealthStatus.UNKNOWN) {
            return;
        }
        boolean down = status == HealthStatus.DOWN;
        boolean changed = track.record(down, settings.flapWindow());
        Instant now = state.lastResult().map(r -> r.checkedAt()).orElse(clock.instant());
        flapping(state.name(), track, now);
        Incident incident = track.downIncident == null ? null : active.get(track.downIncident);
        if (down) {
            track.successes = 0;
            if (incident == null) {
                openForDown(state, track, now);
            } else if (changed) {
                update(incident, entry(now, ENGINE, "failed", "failed again: "
                        + state.lastResult().map(r -> r.message()).orElse("down"), Map.of()), i -> i);
            }
            autoResponse.afterFailure(state, track, now);
        } else if (incident != null) {
            track.successes++;
            thresholdIncidents(state, track, now);
            if (track.successes == 1) {
                update(incident, entry(now, ENGINE, "recovering", "answers again ("
                        + state.lastResult().map(r -> r.message()).orElse(status.name()) + "); resolving after "
                        + settings.autoResolveAfter() + " successful checks", Map.of()), i -> i);
            }
            if (track.successes >= settings.autoResolveAfter()) {
                resolveLocked(java.util.Objects.requireNonNullElse(active.get(incident.id()), incident), ENGINE, "recovered: " + track.successes
                        + " successful checks in a row");
            }
        } else {
            thresholdIncidents(state, track, now);
        }
    }

    /**
     * A threshold breach that has lasted long enough opens an incident (unless the service is already down,
     * which explains it); the breach clearing resolves it.
     */
    private void thresholdIncidents(ServiceState state, ServiceTrack track, Instant now) {
        ServiceDefinition service = state.definition();
        Thresholds limits = service.thresholds().orElse(defaultThresholds);
        for (String metric : List.of("errorRate", "responseTime")) {
            Instant since = state.breaches().get(metric);
            String openId = track.thresholdIncidents.get(metric);
            Incident open = openId == null ? null : active.get(openId);
            if (since == null && open != null) {
                track.thresholdIncidents.remove(metric);
                resolveLocked(open, ENGINE, metric + " is back under its threshold");
            } else if (since != null && open == null && track.downIncident == null
                    && !since.plus(settings.thresholdDuration()).isAfter(now)
                    && coordination.claim("incident:" + coordination.scope(service.name()) + ":" + THRESHOLD + metric,
                            OPEN_CLAIM)) {
                double value = metric.equals("errorRate") ? state.errorRate() : state.responseTime().toMillis();
                double limit = metric.equals("errorRate") ? limits.errorRate() : limits.responseTime().toMillis();
                IncidentSeverity severity = value > 2 * limit ? oneAbove(settings.thresholdSeverity())
                        : settings.thresholdSeverity();
                String text = String.format("%s %s is %s, over its threshold of %s since %s", service.name(), metric,
                        format(metric, value), format(metric, limit), since.truncatedTo(ChronoUnit.SECONDS));
                Incident incident = newIncident(service.name(), text, severity, THRESHOLD + metric, now,
                        state.correlationId(), Optional.empty(), false, entry(now, ENGINE, "detected", text,
                                Map.of("metric", metric, "value", value, "threshold", limit)));
                track.thresholdIncidents.put(metric, incident.id());
            }
        }
    }

    /**
     * The system's CPU and memory breaches, from each collection round: one that lasts opens an incident for
     * {@code system}; its end resolves it.
     */
    public synchronized void onSystem(Map<String, Instant> breachedSince, Map<String, Double> values, Instant now) {
        if (closed) {
            return;
        }
        ServiceTrack track = track(SYSTEM);
        for (String metric : List.of("cpu", "memory")) {
            Instant since = breachedSince.get(metric);
            String openId = track.thresholdIncidents.get(metric);
            Incident open = openId == null ? null : active.get(openId);
            if (since == null && open != null) {
                track.thresholdIncidents.remove(metric);
                resolveLocked(open, ENGINE, metric + " is back under its threshold");
            } else if (since != null && open == null && !since.plus(settings.thresholdDuration()).isAfter(now)) {
                double limit = metric.equals("cpu") ? defaultThresholds.cpuPercent() : defaultThresholds.memoryPercent();
                double value = values.getOrDefault(metric, 0.0);
                String text = String.format("system %s usage is %.1f %%, over its threshold of %.0f %% since %s", metric,
                        value, limit, since.truncatedTo(ChronoUnit.SECONDS));
                Incident incident = newIncident(SYSTEM, text, settings.thresholdSeverity(), THRESHOLD + metric, now,
                        Optional.empty(), Optional.empty(), false, entry(now, ENGINE, "detected", text,
                                Map.of("metric", metric, "value", value, "threshold", limit)));
                track.thresholdIncidents.put(metric, incident.id());
            }
        }
    }

    /** A breach twice over its limit is one severity graver, critical at most. */
    private static IncidentSeverity oneAbove(IncidentSeverity severity) {
        switch (severity) {
            case LOW:
                return IncidentSeverity.MEDIUM;
            case MEDIUM:
                return IncidentSeverity.HIGH;
            default:
                return IncidentSeverity.CRITICAL;
        }
    }

    private static String format(String metric, double value) {
        return metric.equals("errorRate") ? String.format("%.1f %%", value * 100) : String.format("%.0f ms", value);
    }

    /** Stores and announces a new incident, marking it when a maintenance window covers it. */
    private Incident newIncident(String service, String description, IncidentSeverity severity, String cause,
            Instant now, Optional<String> correlationId, Optional<String> causedBy, boolean flapping,
            TimelineEntry... entries) {
        List<TimelineEntry> timeline = new ArrayList<>(List.of(entries));
        boolean maintenance = inMaintenance(service, now);
        if (maintenance) {
            timeline.add(entry(now, ENGINE, "maintenance", service + " is in a maintenance window: this incident pages"
                    + " nobody", Map.of()));
        }
        String id = UUID.randomUUID().toString();
        Incident incident = new Incident(id, service, description, severity, IncidentStatus.OPEN, cause, now, now,
                Optional.empty(), correlationId.isPresent() ? correlationId : Optional.of(id), causedBy, flapping,
                maintenance, timeline);
        saveOrLog(incident);
        active.put(id, incident);
        emit(EventTypes.INCIDENT_CREATED, incident, Actor.ENGINE);
        return incident;
    }

    private boolean inMaintenance(String service, Instant at) {
        return settings.maintenance().stream().anyMatch(window -> window.covers(service, at))
                || schedule.covers(service, at);
    }

    /**
     * Applies a service's auto-response policy now, for one of its active incidents, within the policy's limits.
     *
     * @throws IllegalStateException when there is no policy or no controller, or the cooldown or limit holds
     */
    public synchronized CompletionStage<RestartResult> respond(ServiceDefinition service, String incidentId) {
        requireOpen();
        return autoResponse.respond(service, incidentId);
    }

    /** Restarts a service for a stage of the engine (a rule); the request and its outcome go on its active incident. */
    @Override
    public CompletionStage<RestartResult> restart(ServiceDefinition service, String actor, String reason) {
        requireActor(actor);
        return restart(service, Actor.engine(actor), reason);
    }

    /** Restarts a service by hand or by policy; the request and its outcome go on its active incident. */
    public synchronized CompletionStage<RestartResult> restart(ServiceDefinition service, Actor actor, String reason) {
        requireOpen();
        return autoResponse.restart(service, actor, reason);
    }

    /** A line on a service's active outage incident, if it has one: what its auto-response did. */
    private synchronized void noteOnOutage(String service, TimelineEntry entry) {
        ServiceTrack track = tracks.get(service);
        Incident incident = track == null || track.downIncident == null ? null : active.get(track.downIncident);
        if (incident != null && !closed) {
            update(incident, entry, i -> i);
        }
    }

    private void openForDown(ServiceState state, ServiceTrack track, Instant now) {
        ServiceDefinition service = state.definition();
        if (!coordination.claim("incident:" + coordination.scope(service.name()) + ":" + CAUSE_DOWN, OPEN_CLAIM)) {
            // Another member saw it first and opens it; its incident reaches this one through the events.
            return;
        }
        Optional<Incident> cause = dependencies.rootCause(service, this::outageOf, active);
        IncidentSeverity severity = classify(service);
        String message = state.lastResult().map(r -> r.message()).orElse("down");
        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(entry(now, ENGINE, "detected", service.name() + " is down after "
                + (service.retryAttempts() + 1) + " attempts: " + message, Map.of("severity", severity.wireName())));
        cause.ifPresent(c -> timeline.add(entry(now, ENGINE, "linked", "likely caused by incident " + c.id() + " of "
                + c.service() + ", a dependency", Map.of("causedBy", c.id()))));
        if (track.flapping) {
            timeline.add(entry(now, ENGINE, "flapping", "the service is flapping; notifications are held", Map.of()));
        }
        Incident incident = newIncident(service.name(), service.name() + " is down: " + message, severity, CAUSE_DOWN,
                now, state.correlationId(), cause.map(Incident::id), track.flapping,
                timeline.toArray(TimelineEntry[]::new));
        track.downIncident = incident.id();
        linkDependents(incident, now);
    }

    /** The severity of a service's outage: critical services page as critical; many outages at once too. */
    private IncidentSeverity classify(ServiceDefinition service) {
        if (service.critical()) {
            return settings.criticalDownSeverity();
        }
        long alreadyDown = active.values().stream().filter(i -> i.cause().equals(CAUSE_DOWN)).count();
        return alreadyDown + 1 >= settings.manyServicesDown() ? IncidentSeverity.CRITICAL : settings.downSeverity();
    }

    /** The active outage incident of a service, or null. */
    private @Nullable Incident outageOf(String service) {
        ServiceTrack track = tracks.get(service);
        return track == null || track.downIncident == null ? null : active.get(track.downIncident);
    }

    /**
     * A dependency failed after its dependents were seen failing: link their incidents, and those already
     * linked to an intermediate one, to the root of the chain.
     */
    private void linkDependents(Incident cause, Instant now) {
        Incident root = dependencies.root(cause, active);
        List<Incident> outages = active.values().stream().filter(i -> i.cause().equals(CAUSE_DOWN)).toList();
        for (Incident other : dependencies.explainedBy(cause, root, outages)) {
            update(other, entry(now, ENGINE, "linked", "likely caused by incident " + root.id() + " of "
                    + root.service() + ", a dependency", Map.of("causedBy", root.id())),
                    i -> copy(i, i.status(), i.resolvedAt(), Optional.of(root.id()), i.flapping()));
        }
    }

    private void flapping(String service, ServiceTrack track, Instant now) {
        double change = track.percentStateChange(settings.flapWindow());
        if (!track.reconsiderFlapping(change, settings.flapHighPercent(), settings.flapLowPercent())
                || track.downIncident == null) {
            return;
        }
        Incident incident = active.get(track.downIncident);
        if (incident != null) {
            String text = track.flapping
                    ? String.format("flapping: %.0f%% state change over the last checks; notifications are held", change)
                    : String.format("stopped flapping: %.0f%% state change", change);
            update(incident, entry(now, ENGINE, track.flapping ? "flapping" : "flapping.stopped", text,
                    Map.of("percentStateChange", change)),
                    i -> copy(i, i.status(), i.resolvedAt(), i.causedBy(), track.flapping));
        }
        log.info("{} {}", service, track.flapping ? "is flapping" : "stopped flapping");
    }

    @Override
    public Incident open(String service, String description, IncidentSeverity severity, Actor actor) {
        return open(service, description, severity, actor, CAUSE_MANUAL);
    }

    /** Opens an incident with a cause of the engine's: a rule's name, an objective's. */
    @Override
    public Incident open(String service, String description, IncidentSeverity severity, String actor, String cause) {
        requireActor(actor);
        return open(service, description, severity, Actor.engine(actor), cause);
    }

    private synchronized Incident open(String service, String description, IncidentSeverity severity, Actor actor,
            String cause) {
        requireOpen();
        requireText(description, "description");
        if (service == null || !service.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("service must be 1–128 letters, digits, '.', '_' or '-', was '"
                    + service + "'");
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(entry(now, actor.name(), "opened", description,
                actor.onTimeline(Map.of("severity", severity.wireName()))));
        boolean maintenance = inMaintenance(service, now);
        if (maintenance) {
            timeline.add(entry(now, ENGINE, "maintenance", service + " is in a maintenance window: this incident pages"
                    + " nobody", Map.of()));
        }
        Incident incident = new Incident(id, service, description, severity, IncidentStatus.OPEN, cause, now,
                now, Optional.empty(), Optional.of(id), Optional.empty(), false, maintenance, timeline);
        save(incident);
        active.put(id, incident);
        emit(EventTypes.INCIDENT_CREATED, incident, actor);
        return incident;
    }

    @Override
    public Optional<Incident> find(String id) {
        synchronized (this) {
            Incident incident = active.get(id);
            if (incident != null) {
                return Optional.of(incident);
            }
        }
        return read(() -> store.find(id));
    }

    @Override
    public IncidentPage query(IncidentQuery query) {
        return read(() -> store.query(query));
    }

    @Override
    public synchronized List<Incident> active() {
        List<Incident> list = new ArrayList<>(active.values());
        list.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        return list;
    }

    @Override
    public synchronized Incident acknowledge(String id, Actor actor, Optional<String> note) {
        requireOpen();
        note.ifPresent(n -> requireText(n, "note"));
        Incident incident = existing(id);
        if (incident.status() != IncidentStatus.OPEN) {
            throw new IllegalStateException("incident " + id + " is " + incident.status().wireName()
                    + "; only an open incident can be acknowledged");
        }
        return update(incident, entry(clock.instant(), actor.name(), "acknowledged", note.orElse("acknowledged"),
                actor.onTimeline(Map.of())),
                i -> copy(i, IncidentStatus.ACKNOWLEDGED, i.resolvedAt(), i.causedBy(), i.flapping()), true, actor);
    }

    @Override
    public synchronized Incident resolve(String id, Actor actor, Optional<String> note) {
        requireOpen();
        note.ifPresent(n -> requireText(n, "note"));
        Incident incident = existing(id);
        if (incident.status() == IncidentStatus.RESOLVED) {
            throw new IllegalStateException("incident " + id + " is already resolved");
        }
        return resolveLocked(incident, actor, note.orElse("resolved"), true);
    }

    /** Resolves an incident for a stage of the engine (an objective whose burn rate is back under its alerts). */
    @Override
    public Incident resolveByEngine(String id, String actor, Optional<String> note) {
        requireActor(actor);
        return resolve(id, Actor.engine(actor), note);
    }

    private Incident resolveLocked(Incident incident, String actor, String text) {
        return resolveLocked(incident, Actor.engine(actor), text, false);
    }

    private Incident resolveLocked(Incident incident, Actor actor, String text, boolean strict) {
        Instant now = clock.instant();
        Incident resolved = update(incident, entry(now, actor.name(), "resolved", text, actor.onTimeline(Map.of())),
                i -> copy(i, IncidentStatus.RESOLVED, Optional.of(now), i.causedBy(), i.flapping()), strict, actor);
        active.remove(resolved.id());
        ServiceTrack track = tracks.get(resolved.service());
        if (track != null && resolved.id().equals(track.downIncident)) {
            track.outageResolved();
        }
        return resolved;
    }

    @Override
    public synchronized Incident comment(String id, Actor actor, String text) {
        requireOpen();
        requireText(text, "text");
        Incident incident = existing(id);
        return update(incident, entry(clock.instant(), actor.name(), "comment", text, actor.onTimeline(Map.of())),
                i -> i, true, actor);
    }

    private Incident existing(String id) {
        Incident incident = active.get(id);
        if (incident != null) {
            return incident;
        }
        return read(() -> store.find(id)).orElseThrow(() -> new NoSuchElementException("no incident " + id));
    }

    private Incident update(Incident incident, TimelineEntry entry, java.util.function.UnaryOperator<Incident> change) {
        return update(incident, entry, change, false, Actor.ENGINE);
    }

    /**
     * Applies a change and a timeline entry, stores it and publishes it. A change asked for by a caller
     * ({@code strict}) fails when it cannot be stored; the engine's own changes are kept in memory and
     * logged, so that a store outage never stops the checks.
     */
    private Incident update(Incident incident, TimelineEntry entry, java.util.function.UnaryOperator<Incident> change,
            boolean strict, Actor actor) {
        Incident updated = change.apply(incident).withEntry(entry).withUpdatedAt(entry.at());
        if (strict) {
            save(updated);
        } else {
            saveOrLog(updated);
        }
        if (updated.isActive()) {
            active.put(updated.id(), updated);
        }
        emit(updated.isActive() ? EventTypes.INCIDENT_UPDATED : EventTypes.INCIDENT_RESOLVED, updated, actor);
        return updated;
    }

    private static Incident copy(Incident i, IncidentStatus status, Optional<Instant> resolvedAt,
            Optional<String> causedBy, boolean flapping) {
        return i.withStatus(status, resolvedAt).withCausedBy(causedBy).withFlapping(flapping);
    }

    /** Publishes a change of an incident, attributed to whoever asked for it when a person or a client did. */
    private void emit(String type, Incident incident, Actor actor) {
        // The incident's one form (what the API answers, without its null values, as every event's data), and
        // the change that made the event.
        Map<String, Object> data = wire.data(wire.incident(incident));
        TimelineEntry last = incident.timeline().get(incident.timeline().size() - 1);
        data.put("change", last.kind());
        data.put("actor", last.actor());
        data.put("message", last.message());
        MonitoringEvent event = MonitoringEvent.of(type, incident.service(), incident.updatedAt(),
                eventSeverity(incident), data);
        log.atInfo().addKeyValue("service", incident.service()).addKeyValue("incidentId", incident.id())
                .addKeyValue("correlationId", incident.correlationId().orElse(incident.id()))
                .log("incident {} of {}: {} by {}", incident.id(), incident.service(), last.kind(), last.actor());
        publish.accept(event.withMetadata(actor.attribute(EventMetadata.EMPTY.withCorrelationId(
                incident.correlationId().orElse(incident.id())))));
        changes.accept(new IncidentChanged(type, incident, false));
    }

    private static Severity eventSeverity(Incident incident) {
        if (!incident.isActive()) {
            return Severity.INFO;
        }
        switch (incident.severity()) {
            case CRITICAL:
                return Severity.CRITICAL;
            case HIGH:
                return Severity.ERROR;
            case MEDIUM:
                return Severity.WARNING;
            default:
                return Severity.INFO;
        }
    }

    private void save(Incident incident) {
        try {
            store.save(incident);
        } catch (Exception e) {
            storeErrors.increment();
            throw new IncidentStorageException("the incident store cannot be written: " + e.getMessage(), e);
        }
    }

    private void saveOrLog(Incident incident) {
        try {
            save(incident);
        } catch (IncidentStorageException e) {
            log.atError().addKeyValue("service", incident.service()).addKeyValue("incidentId", incident.id())
                    .log("incident {} of {} kept in memory only: {}", incident.id(), incident.service(), e.getMessage());
        }
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            storeErrors.increment();
            throw new IncidentStorageException("the incident store cannot be read: " + e.getMessage(), e);
        }
    }

    private static TimelineEntry entry(Instant at, String actor, String kind, String message, Map<String, Object> data) {
        return new TimelineEntry(at, actor, kind, message, data);
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException(what + " must be 1–" + MAX_TEXT + " characters");
        }
    }

    private static void requireActor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 128) {
            throw new IllegalArgumentException("actor must be 1–128 characters");
        }
    }

    private ServiceTrack track(String service) {
        return tracks.computeIfAbsent(service, s -> new ServiceTrack());
    }
}
