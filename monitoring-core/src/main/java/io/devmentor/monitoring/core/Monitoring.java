package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.Push;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.core.check.ServiceMonitor;
import io.devmentor.monitoring.core.intelligence.Patterns;
import io.devmentor.monitoring.core.support.EnvironmentValues;
import io.devmentor.monitoring.spi.PushReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The monitoring engine: checks services, collects metrics, and publishes events. Build one with
 * {@link #builder()}, {@link #start()} it, and {@link #close()} it when done. Two instances share nothing.
 *
 * <pre>{@code
 * try (Monitoring monitoring = Monitoring.builder()
 *         .service(ServiceDefinition.builder("auth").url("http://localhost:3002").build())
 *         .meterRegistry(registry)
 *         .build()) {
 *     monitoring.subscribe(EventFilter.of("service.*"), event -> log.info("{}", event));
 *     monitoring.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>A check's outcome flows one way through the engine's stages, in this order: the service's monitor checks
 * (with its retries) and publishes the state changes; then SLA accounting, the metric history and predictors,
 * incidents and, with several instances, the cluster see the outcome. A host hears of it one way, by the events
 * it subscribes to ({@link #subscribe}), and reads the state it wants when it wants it ({@link #services()},
 * {@link #systemMetrics()}, {@link #incidents()}).
 */
public final class Monitoring implements AutoCloseable {

    /** How long a read of the event history waits for the events published before it to be written. */
    private static final Duration EVENT_READ_WAIT = Duration.ofSeconds(2);

    private final Engine engine;

    Monitoring(MonitoringBuilder builder) {
        this.engine = new Engine(builder);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static MonitoringBuilder builder() {
        return new MonitoringBuilder();
    }

    /**
     * Starts checking services and collecting metrics. Calling it again does nothing.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        engine.start();
    }

    /**
     * Checks a service now rather than at its next interval, with its retries, and completes with the state that
     * check leaves. A check already under way finishes first; the answer is the one of the check after this call.
     *
     * @param service the service's name
     * @return the state after the check; failed with {@link NoSuchElementException} for an unknown
     *     service, {@link IllegalStateException} before {@link #start()} or after {@link #close()}, and
     *     {@link java.util.concurrent.TimeoutException} when no check ends within the service's timeouts
     */
    public CompletionStage<ServiceState> checkNow(String service) {
        Objects.requireNonNull(service, "service");
        if (!engine.started.get() || engine.closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(engine.closed.get() ? "this Monitoring is closed"
                    : "start() the engine before checking"));
        }
        Optional<ServiceMonitor> monitor = engine.services.monitor(service);
        if (monitor.isEmpty()) {
            return CompletableFuture.failedFuture(new NoSuchElementException("no service named '" + service + "'"));
        }
        ServiceDefinition definition = monitor.get().definition();
        Duration limit = definition.timeout().multipliedBy(definition.retryAttempts() + 1L).plusSeconds(10);
        return monitor.get().checkNowAndWait().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The overall health now, composed from the services' last states.
     *
     * @return the composite health
     */
    public Health health() {
        return Health.of(services());
    }

    /**
     * Runs a collection round now (system metrics, containers, every collector), as the interval would, and
     * returns when it is done.
     *
     * @return the system metrics after the round, if the system collector runs
     * @throws IllegalStateException after {@link #close()}
     */
    public Optional<SystemMetrics> collectNow() {
        if (engine.closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        engine.collection.runNow();
        return systemMetrics();
    }

    /**
     * Asks the predictors now what holds, as {@code PREDICTIVE_MAINTENANCE_INTERVAL} would, publishing
     * {@code prediction.generated} for each new condition.
     *
     * @return the predictions that hold now, at or above {@code PREDICTION_THRESHOLD}
     * @throws IllegalStateException after {@link #close()}
     */
    public List<Prediction> predictNow() {
        if (engine.closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        engine.predictions.run();
        return predictions();
    }

    /**
     * Applies the auto-response policy of an active incident's service now (its {@code autoRestart}), rather than
     * waiting for its count of failed checks: restarts it through its controller within the policy's limits, and
     * notes it on the incident's timeline.
     *
     * @param incidentId the incident
     * @return the restart's outcome; failed with {@link NoSuchElementException} for an incident that is
     *     not active, and {@link IllegalStateException} when its service has no policy or no controller, or the
     *     policy's cooldown or hourly limit holds it back
     */
    public CompletionStage<RestartResult> respond(String incidentId) {
        Objects.requireNonNull(incidentId, "incidentId");
        Optional<Incident> incident = engine.incidents.active().stream().filter(i -> i.id().equals(incidentId)).findFirst();
        if (incident.isEmpty()) {
            return CompletableFuture.failedFuture(new NoSuchElementException("no active incident " + incidentId));
        }
        String name = incident.get().service();
        Optional<ServiceDefinition> service = engine.services.definition(name);
        if (service.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is not a watched service"));
        }
        try {
            return engine.incidents.respond(service.get(), incidentId);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Every service's current state, in configuration order.
     *
     * @return the states
     */
    public List<ServiceState> services() {
        return engine.services.states();
    }

    /**
     * One service's current state.
     *
     * @param name the service's name
     * @return its state, when there is such a service
     */
    public Optional<ServiceState> service(String name) {
        return engine.services.monitor(name).map(ServiceMonitor::state);
    }

    /**
     * A service's last checks (up to 50), the oldest first, for a heartbeat bar: this instance's and those
     * the other members of its cluster shared.
     *
     * @param name the service's name
     * @return the checks; none when there is no such service or it was not checked yet
     */
    public List<RecentCheck> recentChecks(String name) {
        return engine.services.monitor(name).isPresent() ? engine.recentChecks.recent(name) : List.of();
    }

    /**
     * A service's uptime over the last day, week and month, read from the metric history (at most every 30 s
     * a service).
     *
     * @param name the service's name
     * @return its uptime, when there is such a service
     * @throws IllegalStateException when the history store cannot be read
     */
    public Optional<Uptime> uptime(String name) {
        if (engine.services.monitor(name).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(engine.uptimes.get(name));
    }

    /**
     * A service's uptime on each of the last days (UTC), the oldest first and today's so far, from the metric
     * history, for a status page's bars: empty for a day without checks (before the service was watched, or
     * past what the history keeps).
     *
     * @param name the service's name
     * @param days how many days, 1–366
     * @return one figure (0–1) a day; none when there is no such service
     * @throws IllegalStateException when the history store cannot be read
     */
    public List<Optional<Double>> dailyUptime(String name, int days) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be 1–366, was " + days);
        }
        if (engine.services.monitor(name).isEmpty()) {
            return List.of();
        }
        return engine.history.dailyUptime(name, engine.clock.instant(), days);
    }

    /**
     * Whether a service controller can restart the service, as {@link #restart(String, String)} would.
     *
     * @param name the service's name
     * @return true when one controls it
     */
    public boolean restartable(String name) {
        return engine.services.definition(name).flatMap(engine.control::controllerFor).isPresent();
    }

    /**
     * This instance's id in its cluster ({@code MONITORING_INSTANCE_ID}); {@code local} without a cluster.
     *
     * @return the id
     */
    public String instanceId() {
        return engine.membership.selfId();
    }

    /**
     * The live members of this engine's cluster, sorted, this one included; without a cluster, just this one
     * ({@code local}).
     *
     * @return the members' ids
     */
    public List<String> clusterMembers() {
        return engine.membership.members();
    }

    /**
     * The latest system metrics.
     *
     * @return the metrics, once the {@code system} collector has run
     */
    public Optional<SystemMetrics> systemMetrics() {
        return engine.collection.systemMetrics();
    }

    /**
     * The latest samples of every collector, by collector name.
     *
     * @return the samples
     */
    public Map<String, List<MetricSample>> samples() {
        return engine.collection.latest();
    }

    /**
     * Publishes an event to every subscriber (through the event transport, so to every instance).
     *
     * @param event the event
     */
    public void publish(MonitoringEvent event) {
        engine.events.publish(Objects.requireNonNull(event, "event"));
    }

    /**
     * Subscribes to the events that pass a filter, with a queue of 1,024 events.
     *
     * @param filter which events
     * @param listener called with each event, in order, on a thread of the engine's
     * @return the subscription
     */
    public EventSubscription subscribe(EventFilter filter, Consumer<MonitoringEvent> listener) {
        return subscribe(filter, listener, 1024);
    }

    /**
     * Subscribes to the events that pass a filter. When the subscriber falls behind by more than
     * {@code queueCapacity} events, its oldest events are dropped and counted.
     *
     * @param filter which events
     * @param listener called with each event, in order, on a thread of the engine's
     * @param queueCapacity how many events may wait for this subscriber
     * @return the subscription
     */
    public EventSubscription subscribe(EventFilter filter, Consumer<MonitoringEvent> listener, int queueCapacity) {
        return engine.events.subscribe(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(listener, "listener"),
                queueCapacity);
    }

    /**
     * The most recent events that pass a filter, newest first, from the event history.
     *
     * @param filter which events; at most {@value EventQuery#MAX_TERMS} services
     * @param limit at most this many, 0–1000
     * @return the events
     * @throws EventStorageException when the event store cannot be read
     */
    public List<MonitoringEvent> events(EventFilter filter, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return events(EventQuery.latest(limit).withPatterns(filter.patterns()).withSources(filter.services()))
                .events();
    }

    /**
     * A page of the event history, most recently stored first: every event this instance saw (each of a burst too,
     * where the live stream folds them), kept {@code MONITORING_EVENT_RETENTION_DAYS} days by a durable store. It
     * holds the events published before the call.
     *
     * @param query the filter, where to start and the page's size
     * @return the page, with where the next one starts
     * @throws EventStorageException when the event store cannot be read
     */
    public EventPage events(EventQuery query) {
        Objects.requireNonNull(query, "query");
        try {
            return engine.recorder.query(query, EVENT_READ_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStorageException("interrupted while reading the event history", e);
        } catch (Exception e) {
            throw new EventStorageException("the event history cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * How many events were dropped in all because subscribers fell behind.
     *
     * @return the number
     */
    public long eventsDropped() {
        return engine.events.droppedTotal();
    }

    /**
     * The incidents: query them, open, acknowledge, comment and resolve them.
     *
     * @return the incidents
     */
    public Incidents incidents() {
        return engine.incidents;
    }

    /**
     * Restarts a service through the service controller that controls it. The request and its outcome go on
     * the service's active incident, and the outcome is published as {@code service.restarted}.
     *
     * @param service the service's name
     * @param actor who asks
     * @return the outcome, when the restart ends
     * @throws NoSuchElementException when there is no such service
     * @throws IllegalStateException when no controller can restart it, or a restart of it is under way
     */
    public CompletionStage<RestartResult> restart(String service, String actor) {
        return restart(service, Actor.user(actor));
    }

    /**
     * Restarts a service through the service controller that controls it, for a person or a client, whose name
     * and session the {@code service.restarted} event and the incident's timeline carry.
     *
     * @param service the service's name
     * @param actor who asks
     * @return the outcome, when the restart ends
     * @throws NoSuchElementException when there is no such service
     * @throws IllegalStateException when no controller can restart it, or a restart of it is under way
     */
    public CompletionStage<RestartResult> restart(String service, Actor actor) {
        ServiceDefinition definition = engine.services.definition(service)
                .orElseThrow(() -> new NoSuchElementException("no service named '" + service + "'"));
        return engine.incidents.restart(definition, actor, "requested by " + actor.name());
    }

    /**
     * The one-off maintenance windows scheduled while the engine runs (beside the services file's), the earliest
     * first, until a day after each ends.
     *
     * @return the windows
     */
    public List<ScheduledMaintenance> scheduledMaintenance() {
        return engine.maintenance.windows();
    }

    /**
     * Schedules a maintenance window: from {@code start} to {@code end}, the services' checks go on, and incidents
     * opened are marked as in maintenance and page nobody. Kept across restarts (in the data directory), published
     * as {@code maintenance.scheduled}, attributed to the actor.
     *
     * @param services the services it covers, each one this engine watches; empty for every service
     * @param start when it starts
     * @param end when it ends, after the start and after now
     * @param reason why, 1–500 characters
     * @param actor who schedules it
     * @return the window, with its id
     * @throws IllegalArgumentException for an unknown service, a window that is over or a bad reason
     * @throws IllegalStateException when 1,000 windows are scheduled already
     */
    public ScheduledMaintenance scheduleMaintenance(Set<String> services, Instant start, Instant end, String reason,
            Actor actor) {
        for (String service : services) {
            if (engine.services.definition(service).isEmpty()) {
                throw new IllegalArgumentException("no service named '" + service + "'");
            }
        }
        return engine.maintenance.schedule(services, start, end, reason, actor);
    }

    /**
     * Cancels a scheduled maintenance window, published as {@code maintenance.cancelled}, attributed to the actor.
     *
     * @param id the window's id
     * @param actor who cancels it
     * @return false when no window has that id
     */
    public boolean cancelMaintenance(String id, Actor actor) {
        return engine.maintenance.cancel(id, actor);
    }

    /**
     * Whether a service controller can restart a service.
     *
     * @param service the service's name
     * @return true when {@link #restart} may be called for it
     */
    public boolean canRestart(String service) {
        return engine.services.definition(service).flatMap(engine.control::controllerFor).isPresent();
    }

    /**
     * A series' history, in steps, oldest first: min, mean, max and count of each step that holds samples.
     *
     * @param series the series key: {@code system.cpu.usage.percent}, {@code service.response.time{service=auth}}
     * @param from the start, inclusive
     * @param to the end, exclusive
     * @param step the step, a minute at least
     * @return the steps
     * @throws IllegalStateException when the history store cannot be read
     */
    public List<HistoryPoint> history(String series, Instant from, Instant to, Duration step) {
        return engine.history.query(series, from, to, step);
    }

    /**
     * The series the history holds (up to 10,000), sorted.
     *
     * @return the series keys
     */
    public List<String> historySeries() {
        return engine.history.series();
    }

    /**
     * What the predictors have learnt as normal for each series: level, spread, daily and weekly profiles, and
     * how unusual its last value was. None with {@code ENABLE_PREDICTIONS=false}.
     *
     * @return the baselines
     */
    public List<Baseline> baselines() {
        return engine.predictions.baselines();
    }

    /**
     * The predictions that hold now, from the last round of the predictors ({@code PREDICTIVE_MAINTENANCE_INTERVAL}),
     * at or above {@code PREDICTION_THRESHOLD}; none with {@code ENABLE_PREDICTIONS=false}.
     *
     * @return the predictions
     */
    public List<Prediction> predictions() {
        return engine.predictions.predictions();
    }

    /**
     * The compliance of every service that has objectives ({@code sla} in the services file): availability and
     * latency over 1, 7 and 30 days, error budgets left, burn rates and the burn-rate alerts that hold.
     *
     * @return the reports, in configuration order
     */
    public List<SlaReport> sla() {
        List<SlaReport> reports = new ArrayList<>();
        for (String name : engine.services.names()) {
            engine.sla.report(name).ifPresent(reports::add);
        }
        return reports;
    }

    /**
     * One service's compliance with its objectives.
     *
     * @param service the service
     * @return its report, or empty when there is no such service or it has no objectives
     * @throws SharedStorageException when the counts are in a shared store that cannot be read
     */
    public Optional<SlaReport> sla(String service) {
        return engine.sla.report(service);
    }

    /**
     * The store the instances of a fleet share for what people save ({@code MONITORING_SHARED_STORE}, or the one
     * given to the builder), for a host to keep its own documents beside the engine's maintenance windows.
     *
     * @return the store, or empty when this instance keeps such things in its data directory
     */
    public Optional<io.devmentor.monitoring.spi.SharedStore> sharedStore() {
        return engine.sharedStore;
    }

    /**
     * Patterns: incidents of the last 30 days that come back (at the same time of day or week, after restarts,
     * or of one cause), and series that moved together over the last hour (at most 200 series compared, the
     * strongest 20 pairs).
     *
     * @param service only this service's incidents and series (and the host's), when given
     * @return the patterns
     */
    public PatternReport patterns(Optional<String> service) {
        Instant now = engine.clock.instant();
        Instant monthAgo = now.minus(Duration.ofDays(30));
        List<Incident> recent = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            IncidentQuery query = IncidentQuery.first(1000).withOffset(page * 1000);
            List<Incident> items = engine.incidents.query(service.map(query::withService).orElse(query)).items();
            items.stream().filter(i -> !i.createdAt().isBefore(monthAgo)).forEach(recent::add);
            if (items.size() < 1000 || items.get(items.size() - 1).createdAt().isBefore(monthAgo)) {
                break;
            }
        }
        return new PatternReport(Patterns.recurring(recent),
                Patterns.correlated(engine.history.lastHourByMinute(service, now, 200), 20), now);
    }

    /**
     * Takes a report that a push monitor's service sent of itself, and checks the service at once with it. The
     * service's {@code settings.token} (which may name an environment variable, {@code ${NAME}}) must be the
     * token given; the comparison takes the same time whatever the token.
     *
     * @param name the service
     * @param token the token the report came with
     * @param push what the service said
     * @throws NoSuchElementException when there is no such service
     * @throws IllegalStateException when the service is not a push monitor, or has no token to compare with
     * @throws SecurityException when the token is not the service's
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the check's outcome is the service's state, read as any other
    public void push(String name, String token, Push push) {
        ServiceMonitor monitor = engine.services.monitor(name)
                .orElseThrow(() -> new NoSuchElementException("no service named '" + name + "'"));
        ServiceDefinition service = monitor.definition();
        if (!(engine.checkers.get(service.kind()) instanceof PushReceiver receiver)) {
            throw new IllegalStateException("service '" + name + "' is not a push monitor (type: push)");
        }
        String expected;
        try {
            expected = EnvironmentValues.expand("token", service.settings().getOrDefault("token", ""),
                    key -> Optional.ofNullable(engine.configuration.environment().get(key)).filter(v -> !v.isBlank()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("service '" + name + "' cannot take pushes: " + e.getMessage(), e);
        }
        if (expected.isBlank()) {
            throw new IllegalStateException("service '" + name + "' has no push token: give it settings.token"
                    + " (such as '${" + "NIGHTLY_PUSH_TOKEN}', from the environment)");
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new SecurityException("wrong push token for '" + name + "'");
        }
        receiver.received(service, push);
        // Judged now, not at the next interval, which may be hours away for a nightly job.
        monitor.checkNowAndWait();
    }

    /**
     * Analyses an incident: its kind of failure, its likely causes ranked, and the knowledge base's next steps;
     * made now while it is active, and for a resolved one the last analysis made while it lasted. New incidents
     * of failed services get one on their timeline by themselves (kind {@code analysis}).
     *
     * @param incidentId the incident
     * @return the analysis, or empty when there is no such incident
     */
    public Optional<IncidentAnalysis> analysis(String incidentId) {
        return engine.incidents.find(incidentId).map(engine.analyst::explain);
    }

    /**
     * The knowledge base: the entries of the built-in one and of every plugin's, for each failure kind and
     * prediction type.
     *
     * @return the entries
     */
    public List<Suggestion> knowledge() {
        return engine.analyst.knowledge();
    }

    /**
     * The notification log, newest first.
     *
     * @param incidentId only the notifications of this incident, when given
     * @param limit at most this many
     * @return the records
     */
    public List<NotificationRecord> notifications(Optional<String> incidentId, int limit) {
        return engine.notifications.log(incidentId, limit);
    }

    /**
     * What became of each provider found at start-up.
     *
     * @return the statuses
     */
    public List<PluginStatus> plugins() {
        return engine.pluginStatuses;
    }

    /**
     * The configuration the engine runs with.
     *
     * @return the configuration
     */
    public MonitoringConfiguration configuration() {
        return engine.configuration;
    }

    /**
     * The engine's clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return engine.clock;
    }

    /**
     * The host's registry, which the engine's meters are in until it is closed.
     *
     * @return the registry
     */
    public MeterRegistry meterRegistry() {
        return engine.hostRegistry;
    }

    /**
     * Stops every check, collection and round, and closes the plugins: the seed's {@code stop()}, the same as
     * {@link #close()}. A stopped engine does not start again (its threads are gone); build another.
     */
    public void stop() {
        close();
    }

    /** Stops every check and collection, and closes the plugins. */
    @Override
    public void close() {
        engine.close();
    }
}
