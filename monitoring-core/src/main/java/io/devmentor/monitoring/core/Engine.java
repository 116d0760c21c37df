package io.devmentor.monitoring.core;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.core.check.Conditions;
import io.devmentor.monitoring.core.check.EngineContext;
import io.devmentor.monitoring.core.check.ServiceRegistry;
import io.devmentor.monitoring.core.check.StallWatch;
import io.devmentor.monitoring.core.cluster.ClusterMembership;
import io.devmentor.monitoring.core.collect.CollectionRound;
import io.devmentor.monitoring.core.collect.SystemThresholdWatch;
import io.devmentor.monitoring.core.event.EventProcessor;
import io.devmentor.monitoring.core.event.EventRecorder;
import io.devmentor.monitoring.core.event.RuleEngine;
import io.devmentor.monitoring.core.history.MetricHistory;
import io.devmentor.monitoring.core.history.RecentChecks;
import io.devmentor.monitoring.core.incident.IncidentFeed;
import io.devmentor.monitoring.core.incident.IncidentManager;
import io.devmentor.monitoring.core.incident.MaintenanceSchedule;
import io.devmentor.monitoring.core.incident.ServiceControl;
import io.devmentor.monitoring.core.intelligence.Analyst;
import io.devmentor.monitoring.core.intelligence.PredictionRound;
import io.devmentor.monitoring.core.intelligence.SlaTracker;
import io.devmentor.monitoring.core.notify.NotificationCenter;
import io.devmentor.monitoring.core.pipeline.CheckPipeline;
import io.devmentor.monitoring.core.pipeline.IncidentChanged;
import io.devmentor.monitoring.core.support.EnginePluginContext;
import io.devmentor.monitoring.core.support.EnginePools;
import io.devmentor.monitoring.core.support.Periodic;
import io.devmentor.monitoring.core.support.Plugins;
import io.devmentor.monitoring.spi.Cluster;
import io.devmentor.monitoring.spi.ClusterProvider;
import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.EventStoreProvider;
import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.spi.EventTransportProvider;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.IncidentStoreProvider;
import io.devmentor.monitoring.spi.KnowledgeBaseProvider;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.Notifier;
import io.devmentor.monitoring.spi.NotifierProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.PredictorProvider;
import io.devmentor.monitoring.spi.ServiceController;
import io.devmentor.monitoring.spi.ServiceControllerProvider;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
import io.devmentor.monitoring.spi.SharedStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.devmentor.monitoring.spi.SharedStoreProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one engine: creates the plugins of every extension point, then the stages, each
 * given the stages it hands work to, and declares the order a check's outcome passes through them
 * ({@link CheckPipeline}). {@link Monitoring} is the facade over it.
 */
final class Engine {

    /** When the whole engine stood still; checks across a stall are not held against their services. */
    private final StallWatch stalls;

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    final MonitoringConfiguration configuration;
    final Clock clock;
    /** The engine's own registry: every meter of the engine is made through it, and mirrored in the host's. */
    final CompositeMeterRegistry registry;
    final MeterRegistry hostRegistry;
    final EnginePools pools;
    // Set once, while the plugins are created: a plugin may publish before it exists (see publishFromPlugin).
    volatile EventProcessor events;
    final Map<String, HealthChecker> checkers;
    final ServiceRegistry services;
    final ClusterMembership membership;
    final List<Plugins.Created<ServiceDiscovery>> discoveries;
    final PredictionRound predictions;
    final MetricHistory history;
    final RecentChecks recentChecks = new RecentChecks();
    /** Each service's uptime, read from the history at most every 30 s: a month of minutes is many rows. */
    final LoadingCache<String, Uptime> uptimes;
    final CollectionRound collection;
    final IncidentStore incidentStore;
    final MetricHistoryStore historyStore;
    final EventStore eventStore;
    /** Dashboards, maintenance windows and SLA counts every instance reads; none keeps them in the data directory. */
    final Optional<SharedStore> sharedStore;
    private final boolean ownsSharedStore;
    final EventRecorder recorder;
    final Duration eventRetention;
    final IncidentFeed incidentChanges;
    final IncidentManager incidents;
    final MaintenanceSchedule maintenance;
    final ServiceControl control;
    final NotificationCenter notifications;
    final Analyst analyst;
    final SlaTracker sla;
    final RuleEngine rules;
    final List<PluginStatus> pluginStatuses;
    final Counter pluginErrors;
    /** Spans of checks, restarts and incident changes; a no-op one unless the host gives an OpenTelemetry. */
    final Tracer tracer;
    final AtomicBoolean started = new AtomicBoolean();
    final AtomicBoolean closed = new AtomicBoolean();

    Engine(MonitoringBuilder builder) {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            log.warn("Java's common pool has {} thread here, so Java's HTTP client starts a new thread for every"
                    + " answer (every HTTP check and notification); run the JVM with"
                    + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (the server does)",
                    ForkJoinPool.getCommonPoolParallelism());
        }
        this.configuration = builder.configuration;
        validateConditions(configuration.services());
        this.clock = builder.clock;
        MeterRegistry host = builder.registry;
        this.hostRegistry = host != null ? host : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        this.registry = new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM);
        registry.config().commonTags(builder.commonTags);
        registry.add(hostRegistry);
        this.pools = new EnginePools("monitoring-" + Integer.toHexString(System.identityHashCode(this)),
                builder.workerThreads, builder.workers, builder.scheduler);
        configuration.dataDirectory().ifPresent(directory -> {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + directory, e);
            }
        });
        Consumer<MonitoringEvent> fromPlugins = this::publishFromPlugin;
        PluginContext context = new EnginePluginContext(configuration.environment(), configuration.dataDirectory(),
                clock, pools.scheduler, fromPlugins);
        Plugins plugins = new Plugins();
        ClassLoader loader = builder.discover ? builder.classLoader : null;

        // Events first: every stage publishes.
        List<Plugins.Created<EventTransport>> transports =
                plugins.load(EventTransportProvider.class, loader, builder.transports, context);
        // Without discovery the built-in in-process transport is still found, as the built-in stores are.
        EventTransport transport = transports.isEmpty()
                ? plugins.loadNamed(EventTransportProvider.class, Engine.class.getClassLoader(), "in-process", context)
                        .orElseThrow(() -> new IllegalStateException("the built-in in-process transport is missing"))
                : transports.get(0).plugin();
        for (int i = 1; i < transports.size(); i++) {
            closeQuietly(transports.get(i).plugin());
        }
        Map<String, String> eventSettings = new HashMap<>(configuration.environment());
        eventSettings.putIfAbsent("MONITORING_EVENT_HISTORY_SIZE", Integer.toString(builder.eventHistorySize));
        this.eventStore = store(plugins, EventStoreProvider.class, "event", builder.classLoader,
                "MONITORING_EVENT_STORE", builder.defaultEventStore, new EnginePluginContext(eventSettings,
                        configuration.dataDirectory(), clock, pools.scheduler, fromPlugins));
        this.recorder = new EventRecorder(eventStore, registry, pools.name() + "-events");
        this.eventRetention = Duration.ofDays(positiveDays(context, "MONITORING_EVENT_RETENTION_DAYS", 30));
        this.events = new EventProcessor(transport, registry, pools.scheduler, builder.ticker, pools.dispatch,
                builder.aggregationWindow, recorder::record);
        this.tracer = builder.openTelemetry.getTracer("io.devmentor.monitoring");
        this.pluginErrors = Counter.builder("monitoring.plugin.errors")
                .description("Exceptions thrown by plugins").register(registry);

        // The plugins of every extension point. Notifiers first: one configured by half stops the start before
        // anything heavier is opened, since an operator who set ALERT_EMAIL_ENABLED expects mail.
        Map<String, Notifier> notifiers =
                byName(plugins.load(NotifierProvider.class, loader, builder.notifierProviders, context));
        Map<String, MetricsCollector> collectors;
        @Nullable SharedStore openedShared = null;
        try {
            Optional<PluginStatus> halfConfigured = plugins.refused(NotifierProvider.class.getSimpleName()).stream()
                    .findFirst();
            if (halfConfigured.isPresent()) {
                throw new ConfigurationException("the " + halfConfigured.get().name()
                        + " notifier is asked for but cannot run: " + halfConfigured.get().reason());
            }
            // Email is an adapter of its own: asked for without it, the start says so rather than never mailing.
            if (context.setting("ALERT_EMAIL_ENABLED").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)
                    && !notifiers.containsKey("email")) {
                throw new ConfigurationException("ALERT_EMAIL_ENABLED=true, but no email notifier is installed: add"
                        + " the monitoring-spi-mail artifact");
            }
            this.checkers = byName(plugins.load(HealthCheckerProvider.class, loader, builder.checkerProviders,
                    context));
            collectors = byName(plugins.load(MetricsCollectorProvider.class, loader, builder.collectorProviders,
                    context));
            String sharedName = context.setting("MONITORING_SHARED_STORE").orElse(builder.defaultSharedStore);
            if (builder.sharedStore == null && !sharedName.equals(MonitoringBuilder.NO_SHARED_STORE)) {
                openedShared = store(plugins, SharedStoreProvider.class, "shared", builder.classLoader,
                        "MONITORING_SHARED_STORE", builder.defaultSharedStore, context);
            }
            this.sharedStore = Optional.ofNullable(builder.sharedStore != null ? builder.sharedStore : openedShared);
            this.ownsSharedStore = openedShared != null;
            this.incidentStore = builder.incidentStore != null ? builder.incidentStore
                    : store(plugins, IncidentStoreProvider.class, "incident", builder.classLoader,
                            "MONITORING_INCIDENT_STORE", builder.defaultStore, context);
            this.historyStore = store(plugins, MetricHistoryStoreProvider.class, "history", builder.classLoader,
                    "MONITORING_HISTORY_STORE", builder.defaultHistoryStore, context);
        } catch (ConfigurationException e) {
            // The event store holds its file and a thread: a host that fixes the setting and builds again on the
            // same data directory must find them free.
            notifiers.values().forEach(Engine::closeQuietly);
            recorder.close();
            closeQuietly(eventStore);
            if (openedShared != null) {
                closeQuietly(openedShared);
            }
            throw e;
        }
        List<ServiceController> controllers = plugins.load(ServiceControllerProvider.class, loader,
                builder.controllerProviders, context).stream().map(Plugins.Created::plugin).toList();
        List<Plugins.Created<Cluster>> clusters =
                plugins.load(ClusterProvider.class, loader, builder.clusterProviders, context);
        for (int i = 1; i < clusters.size(); i++) {
            log.warn("cluster {} not used: {} is", clusters.get(i).name(), clusters.get(0).name());
            closeQuietly(clusters.get(i).plugin());
        }
        this.discoveries = plugins.load(ServiceDiscoveryProvider.class, loader, builder.discoveryProviders, context);
        List<Plugins.Created<io.devmentor.monitoring.spi.Predictor>> predictors = configuration.enablePredictions()
                ? plugins.load(PredictorProvider.class, loader, builder.predictorProviders, context) : List.of();
        List<Suggestion> knowledge = new ArrayList<>();
        plugins.load(KnowledgeBaseProvider.class, loader, builder.knowledgeBaseProviders, context)
                .forEach(created -> knowledge.addAll(created.plugin().suggestions()));

        // The stages: each is given the stages it hands work to, which are made before it.
        this.services = new ServiceRegistry(checkers, configuration.thresholds());
        this.membership = new ClusterMembership(clusters.stream().findFirst().map(Plugins.Created::plugin),
                services, clock, events::publish, pluginErrors);
        this.control = new ServiceControl(controllers, clock, events::publish, services::checkSoon, tracer);
        this.incidentChanges = new IncidentFeed(pools.dispatch, registry);
        this.maintenance = new MaintenanceSchedule(configuration.dataDirectory(), sharedStore, clock, events::publish);
        this.incidents = new IncidentManager(incidentStore, clock, events::publish, incidentChanges::publish,
                services::definition,
                builder.incidentSettings != null ? builder.incidentSettings : configuration.incidents(), control,
                configuration.thresholds(), registry, membership, maintenance);
        this.notifications = new NotificationCenter(notifiers,
                builder.notificationSettings != null ? builder.notificationSettings : configuration.notifications(),
                pools.scheduler, pools.dispatch, clock, registry, incidents, membership);
        this.predictions = new PredictionRound(predictors, configuration.predictionThreshold(), clock, events::publish,
                pluginErrors, registry);
        this.analyst = new Analyst(knowledge, services::states, predictions::predictions, clock, pools.workers,
                incidents, membership);
        this.sla = new SlaTracker(name -> services.definition(name).flatMap(ServiceDefinition::objectives), clock,
                events::publish, incidents, membership::owns, configuration.dataDirectory(), sharedStore);
        incidentChanges.subscribe("notifications", notifications::incidentChanged);
        incidentChanges.subscribe("analysis", analyst::incidentChanged);
        incidentChanges.subscribe("tracing", this::traceIncident);
        this.rules = new RuleEngine(configuration.rules(), incidents, notifications, services::definition,
                ruleWebhooks(plugins, builder.classLoader, fromPlugins), clock, membership);
        this.history = new MetricHistory(historyStore, predictions);
        // A service without checks in the history yet is read again sooner: its first minute is on its way.
        this.uptimes = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfter(Expiry.<String, Uptime>creating((name, uptime) -> uptime.lastDay().isPresent()
                        ? Duration.ofSeconds(30) : Duration.ofSeconds(5)))
                .ticker(builder.ticker::getAsLong)
                .build(name -> history.uptime(name, clock.instant()));
        this.collection = new CollectionRound(collectors, pools.scheduler, pools.collector, clock, registry, history,
                events::publish, new SystemThresholdWatch(configuration.thresholds()), List.of(
                        (metrics, breaches) -> incidents.onSystem(breaches, Map.of("cpu", metrics.cpu().usage(),
                                "memory", metrics.memory().usagePercent()), metrics.timestamp())));

        // A check's outcome, in this order and no other.
        CheckPipeline pipeline = new CheckPipeline(List.of(
                new CheckPipeline.Stage("sla", checked -> sla.checked(checked.state(), checked.ownCheck())),
                new CheckPipeline.Stage("history", history::checked),
                new CheckPipeline.Stage("recent checks", recentChecks::checked),
                new CheckPipeline.Stage("incidents", checked -> {
                    if (checked.ownCheck()) {
                        incidents.onCheck(checked.state());
                    }
                }),
                new CheckPipeline.Stage("cluster", membership::share)));
        Timer scheduleDelay = Timer.builder("health.check.schedule.delay")
                .description("How late health checks start against their schedule")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        // A stall is the real process standing still: measured on the real clock, whatever time the host gives.
        this.stalls = builder.stallWatch != null ? builder.stallWatch : StallWatch.of(System::nanoTime, registry);
        Counter stalledChecks = Counter.builder("health.check.stalled")
                .description("Check attempts retried or skipped because the engine stood still during them")
                .register(registry);
        services.configure(configuration.services(), new EngineContext(clock, builder.ticker, pools.scheduler, pools.workers,
                registry, events::publish, pipeline, scheduleDelay, pluginErrors,
                name -> membership.checks(name) && !control.restarting(name), tracer, stalls, stalledChecks));
        this.pluginStatuses = plugins.statuses();
        Gauge.builder("monitoring.incident.store.pending", incidentStore, IncidentStore::pendingWrites)
                .description("Incident writes accepted but not yet in the store (an outbox during an outage)")
                .register(registry);
    }

    /** Starts the stages; see {@link Monitoring#start()}. */
    void start() {
        if (closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        restoreIncidents();
        notifications.start();
        if (membership.clustered()) {
            // Incidents the other members open and change: this instance's view follows them.
            events.subscribe(EventFilter.of("incident.*"), incidents::refresh, 10_000);
        }
        if (sharedStore.isPresent()) {
            // Windows another instance scheduled or cancelled (as a fallback, read again now and then too).
            events.subscribe(EventFilter.of(MaintenanceSchedule.SCHEDULED, MaintenanceSchedule.CANCELLED),
                    event -> maintenance.refresh(), 100);
            repeat("reading the maintenance windows again", Duration.ofSeconds(30), maintenance::refresh);
        }
        if (!configuration.rules().isEmpty()) {
            events.subscribe(rules.filter(), rules::onEvent, 1024);
        }
        // A member of a cluster learns where its services stand, and which are its, before it checks any.
        membership.join();
        stalls.start(pools.name());
        services.start();
        for (Plugins.Created<ServiceDiscovery> discovery : discoveries) {
            try {
                discovery.plugin().start(services.discoveryListener(discovery.name(), events::publish,
                        name -> {
                            recentChecks.forget(name);
                            uptimes.invalidate(name);
                            incidents.forget(name, "no longer watched: discovery " + discovery.name() + " dropped it");
                        }));
            } catch (RuntimeException e) {
                pluginErrors.increment();
                log.warn("service discovery {} failed to start: {}", discovery.name(), e.toString());
            }
        }
        if (!predictions.isEmpty()) {
            repeat("the prediction round", configuration.predictiveMaintenanceInterval(), predictions::run);
        }
        repeat("the SLA evaluation", configuration.slaEvaluationInterval(), () -> sla.evaluate(services.states()));
        repeat("saving the SLA counts", Duration.ofMinutes(5), sla::save);
        if (sharedStore.isPresent()) {
            repeat("writing the SLA counts to the shared store", Duration.ofSeconds(1), sla::flush);
        }
        repeat("the event history's retention", Duration.ofHours(1), this::expireEvents);
        collection.start(configuration.metricsCollectionInterval());
        log.info("monitoring {} services, collecting {} every {} ms", services.size(), collection.names(),
                configuration.metricsCollectionInterval().toMillis());
    }

    /** An incident's change made here, as a span: opened, updated (acknowledged, noted) or resolved. */
    private void traceIncident(IncidentChanged change) {
        if (change.remote()) {
            return; // the instance that made it traced it
        }
        io.devmentor.monitoring.api.Incident incident = change.incident();
        Span span = tracer.spanBuilder(change.type()).setAttribute("service.name", incident.service())
                .setAttribute("incident.id", incident.id()).setAttribute("incident.severity",
                        incident.severity().name().toLowerCase(java.util.Locale.ROOT))
                .setAttribute("incident.status", incident.status().name().toLowerCase(java.util.Locale.ROOT))
                .setAttribute("incident.cause", incident.cause()).startSpan();
        span.end();
    }

    /** Runs a task on a worker every period, the first time one period from now. */
    @SuppressWarnings("FutureReturnValueIgnored") // its periodic and one-shot tasks end with the scheduler at close; failures are logged by Periodic.guarded
    private void repeat(String what, Duration every, Runnable task) {
        long ms = every.toMillis();
        Runnable guarded = Periodic.guarded(what, task);
        Periodic.withFixedDelay(pools.scheduler, what, () -> pools.workers.execute(guarded), ms, ms,
                TimeUnit.MILLISECONDS);
    }

    /** Stops every stage and closes the plugins; see {@link Monitoring#close()}. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        services.stop();
        stalls.close();
        membership.close();
        discoveries.forEach(discovery -> closeQuietly(discovery.plugin()));
        pools.shutdownNow();
        events.close();
        pools.shutdownDispatch();
        recorder.close();
        closeQuietly(eventStore);
        checkers.values().forEach(Engine::closeQuietly);
        sla.save();
        incidents.close();
        incidentChanges.close();
        closeQuietly(incidentStore);
        closeQuietly(historyStore);
        if (ownsSharedStore) {
            sharedStore.ifPresent(Engine::closeQuietly);
        }
        control.close();
        notifications.close();
        rules.close();
        // Leave the host's registry as it was, once no thread of the engine can register a meter any more: a
        // later engine registers its own meters afresh.
        pools.awaitTermination();
        collection.close();
        List.copyOf(registry.getMeters()).forEach(registry::remove);
        registry.remove(hostRegistry);
    }

    private void expireEvents() {
        try {
            long deleted = recorder.expire(clock.instant().minus(eventRetention));
            if (deleted > 0) {
                log.info("{} events older than {} days deleted from the history", deleted, eventRetention.toDays());
            }
        } catch (Exception e) {
            log.warn("the event history's retention failed: {}", e.toString());
        }
    }

    private static int positiveDays(PluginContext context, String variable, int fallback) {
        String value = context.setting(variable).orElse(Integer.toString(fallback));
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 1) {
                return days;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ConfigurationException(variable + " must be a whole number of days, at least 1, was '" + value + "'");
    }

    /** Events of plugins, which may come before the event processor exists (while plugins are created). */
    private void publishFromPlugin(MonitoringEvent event) {
        EventProcessor processor = events;
        if (processor != null) {
            processor.publish(event);
        } else {
            log.info("{} from {} before the engine started: {}", event.type(), event.source(), event.data());
        }
    }

    /** Restores the active incidents; while the store cannot be read, checks go on and this is retried. */
    @SuppressWarnings("FutureReturnValueIgnored") // its periodic and one-shot tasks end with the scheduler at close; failures are logged by Periodic.guarded
    private void restoreIncidents() {
        try {
            incidents.restore().forEach(notifications::restore);
        } catch (IncidentStorageException e) {
            log.warn("active incidents not restored yet ({}); trying again in 30 s", e.getMessage());
            try {
                pools.scheduler.schedule(() -> pools.workers.execute(this::restoreIncidents), 30, TimeUnit.SECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    /** The store an environment variable names, or the default; a store that cannot be used stops the start. */
    private static <T, P extends io.devmentor.monitoring.spi.PluginProvider<T>> T store(Plugins plugins,
            Class<P> type, String kind, @Nullable ClassLoader loader, String variable, String defaultName,
            PluginContext context) {
        String name = context.setting(variable).orElse(defaultName);
        // The reason is read once loading has failed: loading records it.
        return plugins.loadNamed(type, loader, name, context).orElseThrow(() -> new ConfigurationException(variable
                + ": the " + kind + " store '" + name + "' cannot be used: " + plugins.failure(type.getSimpleName(),
                        name).orElse("no such store is installed (built in: memory; h2 and postgres are in the"
                                + " monitoring-spi-h2 and monitoring-spi-postgres artifacts)")));
    }

    /** The webhook channel of each URL that event rules name, made from the {@code webhook} notifier provider. */
    private java.util.function.Function<URI, Optional<Notifier>> ruleWebhooks(Plugins plugins, @Nullable ClassLoader loader,
            Consumer<MonitoringEvent> fromPlugins) {
        Map<URI, Notifier> webhooks = new LinkedHashMap<>();
        for (EventRule rule : configuration.rules()) {
            rule.webhook().ifPresent(url -> webhooks.computeIfAbsent(url, u -> {
                Map<String, String> settings = new HashMap<>(configuration.environment());
                settings.put("MONITORING_WEBHOOK_URL", u.toString());
                return plugins.loadNamed(NotifierProvider.class, loader, "webhook",
                        new EnginePluginContext(settings, configuration.dataDirectory(), clock, pools.scheduler,
                                fromPlugins)).orElse(null);
            }));
        }
        return url -> Optional.ofNullable(webhooks.get(url));
    }

    private static <T> Map<String, T> byName(List<Plugins.Created<T>> created) {
        Map<String, T> byName = new LinkedHashMap<>();
        created.forEach(c -> byName.put(c.name(), c.plugin()));
        return java.util.Collections.unmodifiableMap(byName);
    }

    private static void closeQuietly(AutoCloseable plugin) {
        try {
            plugin.close();
        } catch (Exception e) {
            log.warn("plugin {} failed to close: {}", plugin.getClass().getName(), e.toString());
        }
    }

    /** Refuses a service's condition that is not one, before anything is opened, naming it. */
    private static void validateConditions(List<ServiceDefinition> services) {
        for (ServiceDefinition service : services) {
            List<String> conditions = service.expect().conditions();
            for (int i = 0; i < conditions.size(); i++) {
                try {
                    Conditions.validate(conditions.get(i));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException("services." + service.name() + ".conditions[" + i + "]: "
                            + e.getMessage());
                }
            }
        }
    }
}
