package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Baseline;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.Prediction;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.spi.Cluster;
import io.devmentor.monitoring.spi.ClusterProvider;
import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.spi.EventTransportProvider;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.IncidentStoreProvider;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.Notifier;
import io.devmentor.monitoring.spi.NotifierProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;
import io.devmentor.monitoring.spi.KnowledgeBaseProvider;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.spi.RestartResult;
import io.devmentor.monitoring.spi.ServiceController;
import io.devmentor.monitoring.spi.ServiceControllerProvider;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class Monitoring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);
    static final String SYSTEM_COLLECTOR = "system";

    private final MonitoringConfiguration configuration;
    private final Clock clock;
    /** The engine's own registry: every meter of the engine is made through it, and mirrored in the host's. */
    private final CompositeMeterRegistry registry;
    private final MeterRegistry hostRegistry;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService workers;
    private final boolean ownsWorkers;
    private final ExecutorService dispatch;
    private final ScheduledExecutorService collectorThread;
    private volatile EventProcessor events;
    private final Map<String, HealthChecker> checkers;
    private final Map<String, MetricsCollector> collectors;
    private final Map<String, SampleMeters> sampleMeters = new LinkedHashMap<>();
    private final Map<String, List<MetricSample>> latestSamples = new ConcurrentHashMap<>();
    // Copy-on-write: read on every request, changed only when a discovery reports, under monitorsLock.
    private volatile Map<String, ServiceMonitor> monitors;
    private final Object monitorsLock = new Object();
    private final Map<String, String> discoveredBy = new java.util.HashMap<>();
    private final List<Plugins.Created<ServiceDiscovery>> discoveries;
    private final List<Plugins.Created<Predictor>> predictors;
    private final Analyst analyst;
    private final SlaTracker sla;
    private static final int MAX_SCORE_GAUGES = 1_000;
    private final MultiGauge anomalyScores;
    // Predictors see one sample at a time, never two at once, as their SPI promises.
    private final Object predictorLock = new Object();
    private volatile List<Prediction> predictions = List.of();
    // Guarded by predictorLock.
    private Set<String> predictionKeys = Set.of();
    private final Optional<Cluster> cluster;
    private final String selfId;
    // The live members, sorted; just this instance until the cluster says otherwise.
    private volatile List<String> members;
    private final EngineContext engine;
    private final List<MonitoringListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PluginStatus> pluginStatuses;
    private final Counter collectorErrors;
    private final SystemThresholdWatch systemWatch;
    private final IncidentStore incidentStore;
    private final MetricHistoryStore historyStore;
    private final java.util.Set<String> historySeries = ConcurrentHashMap.newKeySet();
    private final IncidentManager incidents;
    private final ServiceControl control;
    private final NotificationCenter notifications;
    private final RuleEngine rules;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SystemMetrics systemMetrics;

    private Monitoring(Builder builder) {
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2) {
            log.warn("Java's common pool has {} thread here, so Java's HTTP client starts a new thread for every"
                    + " answer (every HTTP check and notification); run the JVM with"
                    + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (the server does)",
                    java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        }
        this.configuration = builder.configuration;
        this.clock = builder.clock;
        this.hostRegistry = builder.registry;
        this.registry = new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM);
        registry.config().commonTags(builder.commonTags);
        registry.add(hostRegistry);
        this.listeners.addAll(builder.listeners);
        String id = Integer.toHexString(System.identityHashCode(this));
        this.scheduler = new ScheduledThreadPoolExecutor(1, new NamedThreads("monitoring-" + id + "-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.ownsWorkers = builder.workers == null;
        this.workers = ownsWorkers
                ? Executors.newFixedThreadPool(builder.workerThreads, new NamedThreads("monitoring-" + id + "-worker"))
                : builder.workers;
        this.dispatch = Executors.newCachedThreadPool(new NamedThreads("monitoring-" + id + "-dispatch"));
        this.collectorThread = Executors.newSingleThreadScheduledExecutor(
                new NamedThreads("monitoring-" + id + "-collector"));
        try {
            Files.createDirectories(configuration.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + configuration.dataDirectory(), e);
        }
        PluginContext context = new EnginePluginContext(configuration.environment(), configuration.dataDirectory(),
                clock, scheduler, this::publishFromPlugin);
        Plugins plugins = new Plugins();
        ClassLoader loader = builder.discover ? builder.classLoader : null;

        List<Plugins.Created<EventTransport>> transports =
                plugins.load(EventTransportProvider.class, loader, builder.transports, context);
        EventTransport transport = transports.isEmpty() ? new LocalTransport() : transports.get(0).plugin();
        for (int i = 1; i < transports.size(); i++) {
            transports.get(i).plugin().close();
        }
        this.events = new EventProcessor(transport, registry, scheduler, dispatch, builder.aggregationWindow,
                builder.eventHistorySize);

        Map<String, HealthChecker> foundCheckers = new LinkedHashMap<>();
        for (Plugins.Created<HealthChecker> created : plugins.load(HealthCheckerProvider.class, loader,
                builder.checkerProviders, context)) {
            foundCheckers.put(created.name(), created.plugin());
        }
        this.checkers = Collections.unmodifiableMap(foundCheckers);

        Map<String, MetricsCollector> foundCollectors = new LinkedHashMap<>();
        for (Plugins.Created<MetricsCollector> created : plugins.load(MetricsCollectorProvider.class, loader,
                builder.collectorProviders, context)) {
            foundCollectors.put(created.name(), created.plugin());
        }
        this.collectors = Collections.unmodifiableMap(foundCollectors);

        String storeName = configuration.environment().getOrDefault("MONITORING_INCIDENT_STORE", builder.defaultStore);
        this.incidentStore = builder.incidentStore != null ? builder.incidentStore
                : plugins.loadNamed(IncidentStoreProvider.class, builder.classLoader, storeName, context)
                        .orElseThrow(() -> new ConfigurationException("MONITORING_INCIDENT_STORE: the incident store '"
                                + storeName + "' cannot be used: " + plugins.failure("IncidentStoreProvider", storeName)
                                        .orElse("no such store is installed (built in: memory, h2)")));
        String historyName = configuration.environment().getOrDefault("MONITORING_HISTORY_STORE",
                builder.defaultHistoryStore);
        this.historyStore = plugins.loadNamed(MetricHistoryStoreProvider.class, builder.classLoader, historyName,
                        context)
                .orElseThrow(() -> new ConfigurationException("MONITORING_HISTORY_STORE: the history store '"
                        + historyName + "' cannot be used: " + plugins.failure("MetricHistoryStoreProvider", historyName)
                                .orElse("no such store is installed (built in: memory, h2)")));
        List<ServiceController> controllers = new ArrayList<>();
        plugins.load(ServiceControllerProvider.class, loader, builder.controllerProviders, context)
                .forEach(created -> controllers.add(created.plugin()));

        this.collectorErrors = Counter.builder("monitoring.collector.errors")
                .description("Collection rounds that failed").register(registry);
        Timer scheduleDelay = Timer.builder("health.check.schedule.delay")
                .description("How late health checks start against their schedule")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Counter pluginErrors = Counter.builder("monitoring.plugin.errors")
                .description("Exceptions thrown by plugins").register(registry);
        List<Plugins.Created<Cluster>> clusters = plugins.load(ClusterProvider.class, loader, builder.clusterProviders,
                context);
        this.cluster = clusters.isEmpty() ? Optional.empty() : Optional.of(clusters.get(0).plugin());
        for (int i = 1; i < clusters.size(); i++) {
            log.warn("cluster {} not used: {} is", clusters.get(i).name(), clusters.get(0).name());
            closeQuietly(clusters.get(i).plugin());
        }
        this.selfId = cluster.map(Cluster::self).orElse("local");
        this.members = List.of(selfId);
        this.engine = new EngineContext(clock, scheduler, workers, registry, events::publish,
                this::notifyServiceChecked, scheduleDelay, pluginErrors, this::shouldCheck, this::share,
                this::notifySharedState);
        Map<String, ServiceMonitor> configured = new LinkedHashMap<>();
        for (ServiceDefinition service : configuration.services()) {
            if (configured.containsKey(service.name())) {
                throw new ConfigurationException("services." + service.name() + ": defined twice");
            }
            configured.put(service.name(), newMonitor(service));
        }
        this.monitors = Collections.unmodifiableMap(configured);
        this.discoveries = plugins.load(ServiceDiscoveryProvider.class, loader, builder.discoveryProviders, context);
        this.predictors = configuration.enablePredictions()
                ? plugins.load(PredictorProvider.class, loader, builder.predictorProviders, context) : List.of();
        this.systemWatch = new SystemThresholdWatch(configuration.thresholds());
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        plugins.load(NotifierProvider.class, loader, builder.notifierProviders, context)
                .forEach(created -> notifiers.put(created.name(), created.plugin()));
        this.control = new ServiceControl(controllers, clock, events::publish, name -> {
            ServiceMonitor monitor = monitors.get(name);
            if (monitor != null) {
                monitor.checkNow();
            }
        });
        Coordination coordination = new Coordination() {
            @Override
            public boolean owns(String service) {
                return !monitors.containsKey(service) || Monitoring.this.owns(service);
            }

            @Override
            public String scope(String service) {
                return local(service) ? service + "@" + selfId : service;
            }

            @Override
            public boolean claim(String key, Duration ttl) {
                return cluster.map(c -> {
                    try {
                        return c.claim(key, ttl);
                    } catch (RuntimeException e) {
                        engine.pluginErrors().increment();
                        return true; // alone, an instance does the work
                    }
                }).orElse(true);
            }
        };
        this.incidents = new IncidentManager(incidentStore, clock, events::publish, this::definition,
                builder.incidentSettings != null ? builder.incidentSettings : configuration.incidents(), control,
                configuration.thresholds(), registry, coordination);
        this.notifications = new NotificationCenter(notifiers,
                builder.notificationSettings != null ? builder.notificationSettings : configuration.notifications(),
                scheduler, clock, registry, incidents::note, coordination);
        List<Suggestion> knowledge = new ArrayList<>();
        plugins.load(KnowledgeBaseProvider.class, loader, builder.knowledgeBaseProviders, context)
                .forEach(created -> knowledge.addAll(created.plugin().suggestions()));
        this.analyst = new Analyst(knowledge, this::services, this::predictions, clock, workers, incidents,
                coordination);
        this.sla = new SlaTracker(name -> definition(name).flatMap(ServiceDefinition::objectives), clock,
                events::publish, incidents, coordination::owns, configuration.dataDirectory());
        incidents.listener(incident -> {
            notifications.incidentChanged(incident);
            analyst.incidentChanged(incident);
        });
        Map<java.net.URI, Notifier> ruleWebhooks = new LinkedHashMap<>();
        for (EventRule rule : configuration.rules()) {
            rule.webhook().ifPresent(url -> ruleWebhooks.computeIfAbsent(url, u -> {
                Map<String, String> settings = new java.util.HashMap<>(configuration.environment());
                settings.put("MONITORING_WEBHOOK_URL", u.toString());
                return plugins.loadNamed(NotifierProvider.class, builder.classLoader, "webhook",
                        new EnginePluginContext(settings, configuration.dataDirectory(), clock, scheduler,
                                this::publishFromPlugin)).orElse(null);
            }));
        }
        this.rules = new RuleEngine(configuration.rules(), incidents, notifications, this::definition,
                url -> Optional.ofNullable(ruleWebhooks.get(url)), clock, coordination);
        this.pluginStatuses = plugins.statuses();
        this.anomalyScores = MultiGauge.builder("monitoring.anomaly.score")
                .description("How unusual each series' last value was, 0 to 1 (the most unusual 1,000 series)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("monitoring.predictions.open", this, m -> m.predictions.size())
                .description("Predictions that hold now, at or above PREDICTION_THRESHOLD").register(registry);
        io.micrometer.core.instrument.Gauge.builder("monitoring.incident.store.pending", incidentStore,
                        IncidentStore::pendingWrites)
                .description("Incident writes accepted but not yet in the store (an outbox during an outage)")
                .register(registry);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts checking services and collecting metrics. Calling it again does nothing.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        if (!started.compareAndSet(false, true)) {
            return;
        }
        restoreIncidents();
        notifications.start();
        if (cluster.isPresent()) {
            // Incidents the other members open and change: this instance's view follows them.
            events.subscribe(EventFilter.of("incident.*"), event -> incidents.refresh(event).ifPresent(fresh -> {
                notifications.learn(fresh);
                notifications.incidentChanged(fresh);
            }), 10_000);
        }
        if (!configuration.rules().isEmpty()) {
            events.subscribe(rules.filter(), rules::onEvent, 1024);
        }
        monitors.values().forEach(ServiceMonitor::start);
        cluster.ifPresent(c -> {
            try {
                c.join(new ClusterListener());
            } catch (RuntimeException e) {
                engine.pluginErrors().increment();
                log.warn("the cluster failed to join; checking every service here: {}", e.toString());
            }
        });
        for (Plugins.Created<ServiceDiscovery> discovery : discoveries) {
            try {
                discovery.plugin().start(new DiscoveryListener(discovery.name()));
            } catch (RuntimeException e) {
                engine.pluginErrors().increment();
                log.warn("service discovery {} failed to start: {}", discovery.name(), e.toString());
            }
        }
        if (!predictors.isEmpty()) {
            long every = configuration.predictiveMaintenanceInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> workers.execute(this::predictRound), every, every,
                    TimeUnit.MILLISECONDS);
        }
        long slaEvery = slaEvaluationInterval(configuration);
        scheduler.scheduleWithFixedDelay(() -> workers.execute(() -> sla.evaluate(services())), slaEvery, slaEvery,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> workers.execute(sla::save), 5, 5, TimeUnit.MINUTES);
        long interval = configuration.metricsCollectionInterval().toMillis();
        collectorThread.scheduleWithFixedDelay(this::collectRound, 0, interval, TimeUnit.MILLISECONDS);
        log.info("monitoring {} services, collecting {} every {} ms", monitors.size(), collectors.keySet(), interval);
    }

    /** Whether to check the service now: this instance owns it, and no restart of it is under way. */
    private boolean shouldCheck(String service) {
        return owns(service) && !control.restarting(service);
    }

    /** Whether this instance checks the service: the member rendezvous hashing gives it to. */
    private boolean owns(String service) {
        List<String> live = members;
        return live.size() == 1 || local(service) || Rendezvous.owner(service, live).equals(selfId);
    }

    /** A service every instance checks for itself: tagged {@value ServiceDefinition#LOCAL_TAG}. */
    private boolean local(String service) {
        ServiceMonitor monitor = monitors.get(service);
        return monitor != null && monitor.definition().tags().contains(ServiceDefinition.LOCAL_TAG);
    }

    private void share(String service, io.devmentor.monitoring.api.CheckResult result) {
        if (local(service)) {
            return;
        }
        cluster.ifPresent(c -> {
            try {
                c.share(service, result);
            } catch (RuntimeException e) {
                engine.pluginErrors().increment();
                log.debug("check result of {} not shared: {}", service, e.toString());
            }
        });
    }

    /** A state another member's check made: listeners hear of it; incidents are that member's to handle. */
    private void notifySharedState(ServiceState state) {
        sla.checked(state);
        for (MonitoringListener listener : listeners) {
            try {
                listener.serviceChecked(state);
            } catch (RuntimeException e) {
                log.warn("listener failed on {}: {}", state.name(), e.toString());
            }
        }
    }

    /** Keeps the members the cluster reports, and applies what the others' checks found. */
    private final class ClusterListener implements Cluster.Listener {
        @Override
        public void membersChanged(List<String> reported) {
            java.util.TreeSet<String> live = new java.util.TreeSet<>(reported);
            live.add(selfId); // this instance checks its share whatever the cluster last heard of it
            List<String> next = List.copyOf(live);
            if (!next.equals(members)) {
                List<String> before = members;
                members = next;
                long owned = monitors.keySet().stream().filter(Monitoring.this::owns).count();
                log.info("cluster: {} member(s) {}; this instance ({}) checks {} of {} services", next.size(), next,
                        selfId, owned, monitors.size());
                events.publish(MonitoringEvent.of("cluster.members", selfId, clock.instant(), Severity.INFO,
                        Map.of("members", next, "previous", before, "self", selfId, "owned", owned)));
            }
        }

        @Override
        public void resultShared(String service, io.devmentor.monitoring.api.CheckResult result) {
            ServiceMonitor monitor = monitors.get(service);
            if (monitor != null && !owns(service)) {
                monitor.applyShared(result);
            }
        }
    }

    private ServiceMonitor newMonitor(ServiceDefinition service) {
        HealthChecker checker = checkers.get(service.kind());
        String reason = checker != null ? "" : "no health checker of kind '" + service.kind()
                + "' is installed (installed: " + String.join(", ", checkers.keySet()) + ")";
        if (checker == null) {
            log.warn("{}: {}", service.name(), reason);
        }
        return new ServiceMonitor(service, Optional.ofNullable(checker), reason, configuration.thresholds(), engine);
    }

    /** The definition of a configured or discovered service. */
    private Optional<ServiceDefinition> definition(String name) {
        ServiceMonitor monitor = monitors.get(name);
        return monitor == null ? Optional.empty() : Optional.of(monitor.definition());
    }

    /** Applies what one discovery reports: watches its new services, stops its vanished ones. */
    private final class DiscoveryListener implements ServiceDiscovery.Listener {
        private final String source;
        private final java.util.Set<String> refused = ConcurrentHashMap.newKeySet();

        DiscoveryListener(String source) {
            this.source = source;
        }

        @Override
        public void servicesChanged(List<ServiceDefinition> services) {
            List<MonitoringEvent> changes = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            synchronized (monitorsLock) {
                if (closed.get()) {
                    return;
                }
                Map<String, ServiceDefinition> wanted = new LinkedHashMap<>();
                for (ServiceDefinition service : services) {
                    String owner = discoveredBy.get(service.name());
                    boolean taken = monitors.containsKey(service.name()) && !source.equals(owner);
                    if (taken || wanted.putIfAbsent(service.name(), service) != null) {
                        if (refused.add(service.name())) {
                            log.warn("discovery {}: a service named '{}' exists already; the discovered one is"
                                    + " ignored", source, service.name());
                        }
                    }
                }
                Map<String, ServiceMonitor> next = new LinkedHashMap<>(monitors);
                List<ServiceMonitor> toStart = new ArrayList<>();
                for (Map.Entry<String, ServiceMonitor> entry : monitors.entrySet()) {
                    String name = entry.getKey();
                    ServiceDefinition now = wanted.get(name);
                    if (!source.equals(discoveredBy.get(name))
                            || entry.getValue().definition().equals(now)) {
                        continue;
                    }
                    // Stopped before its successor exists: the successor registers the same meters.
                    entry.getValue().stop();
                    next.remove(name);
                    if (now == null) {
                        discoveredBy.remove(name);
                        removed.add(name);
                        changes.add(change(EventTypes.SERVICE_REMOVED, entry.getValue().definition()));
                    }
                }
                for (ServiceDefinition service : wanted.values()) {
                    if (!next.containsKey(service.name())) {
                        ServiceMonitor monitor = newMonitor(service);
                        next.put(service.name(), monitor);
                        toStart.add(monitor);
                        if (discoveredBy.put(service.name(), source) == null) {
                            changes.add(change(EventTypes.SERVICE_ADDED, service));
                        }
                    }
                }
                monitors = Collections.unmodifiableMap(next);
                if (started.get()) {
                    toStart.forEach(ServiceMonitor::start);
                }
            }
            removed.forEach(name -> incidents.forget(name, "no longer watched: discovery " + source + " dropped it"));
            changes.forEach(events::publish);
        }

        private MonitoringEvent change(String type, ServiceDefinition service) {
            log.info("discovery {}: {} {} ({})", source, type.equals(EventTypes.SERVICE_ADDED) ? "watching"
                    : "no longer watching", service.name(), service.kind());
            return MonitoringEvent.of(type, service.name(), clock.instant(), Severity.INFO,
                    Map.of("service", service.name(), "kind", service.kind(), "discovery", source));
        }

        @Override
        public void checkNow(String service) {
            ServiceMonitor monitor = monitors.get(service);
            if (monitor != null) {
                monitor.checkNow();
            }
        }
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
    private void restoreIncidents() {
        try {
            incidents.restore().forEach(notifications::restore);
        } catch (IncidentStorageException e) {
            log.warn("active incidents not restored yet ({}); trying again in 30 s", e.getMessage());
            try {
                scheduler.schedule(() -> workers.execute(this::restoreIncidents), 30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    private void collectRound() {
        Instant at = clock.instant();
        for (Map.Entry<String, MetricsCollector> entry : collectors.entrySet()) {
            String name = entry.getKey();
            List<MetricSample> samples;
            try {
                samples = List.copyOf(entry.getValue().collect());
            } catch (Exception | LinkageError e) {
                collectorErrors.increment();
                log.warn("collector {} failed: {}", name, e.toString());
                continue;
            }
            latestSamples.put(name, samples);
            remember(samples, at);
            sampleMeters.computeIfAbsent(name, n -> new SampleMeters(n, registry)).update(samples);
            if (SYSTEM_COLLECTOR.equals(name)) {
                SystemMetrics metrics = SystemMetrics.fromSamples(at, samples);
                systemMetrics = metrics;
                systemWatch.check(metrics).forEach(events::publish);
                try {
                    incidents.onSystem(systemWatch.breaches(), Map.of("cpu", metrics.cpu().usage(),
                            "memory", metrics.memory().usagePercent()), metrics.timestamp());
                } catch (RuntimeException e) {
                    log.error("incident handling failed for system metrics", e);
                }
                for (MonitoringListener listener : listeners) {
                    try {
                        listener.systemMetricsCollected(metrics);
                    } catch (RuntimeException e) {
                        log.warn("listener failed on system metrics: {}", e.toString());
                    }
                }
            }
        }
    }

    /** Shows the samples to the predictors; a failing predictor is counted, and the others go on. */
    private void observe(List<MetricSample> samples, Instant at) {
        if (predictors.isEmpty()) {
            return;
        }
        synchronized (predictorLock) {
            for (Plugins.Created<Predictor> predictor : predictors) {
                for (MetricSample sample : samples) {
                    try {
                        predictor.plugin().observe(sample, at);
                    } catch (RuntimeException e) {
                        engine.pluginErrors().increment();
                        log.debug("predictor {} failed on {}: {}", predictor.name(), sample.seriesKey(), e.toString());
                    }
                }
            }
        }
    }

    /**
     * Asks every predictor what holds now; keeps what reaches {@code PREDICTION_THRESHOLD}, and publishes
     * {@code prediction.generated} once per condition (type, service and series), not once per round.
     */
    private void predictRound() {
        Instant now = clock.instant();
        List<Prediction> all = new ArrayList<>();
        synchronized (predictorLock) {
            for (Plugins.Created<Predictor> predictor : predictors) {
                try {
                    all.addAll(predictor.plugin().predict(now));
                } catch (RuntimeException e) {
                    engine.pluginErrors().increment();
                    log.warn("predictor {} failed: {}", predictor.name(), e.toString());
                }
            }
            double threshold = configuration.predictionThreshold();
            Map<String, Prediction> kept = new LinkedHashMap<>();
            for (Prediction prediction : all) {
                if (prediction.confidence() >= threshold) {
                    kept.putIfAbsent(prediction.type() + "|" + prediction.service() + "|"
                            + prediction.evidence().getOrDefault("series", ""), prediction);
                }
            }
            Set<String> before = predictionKeys;
            predictionKeys = Set.copyOf(kept.keySet());
            predictions = List.copyOf(kept.values());
            kept.forEach((key, prediction) -> {
                if (!before.contains(key)) {
                    events.publish(MonitoringEvent.of(EventTypes.PREDICTION_GENERATED, prediction.service(), now,
                            prediction.severity().compareTo(io.devmentor.monitoring.api.IncidentSeverity.HIGH) >= 0
                                    ? Severity.ERROR : Severity.WARNING, predictionData(prediction)));
                }
            });
            updateAnomalyScores();
        }
    }

    /**
     * Sets the {@code monitoring.anomaly.score} gauges, one per series with a baseline, at most
     * {@value #MAX_SCORE_GAUGES} (the most unusual first) so that a large fleet does not flood the scrape.
     */
    private void updateAnomalyScores() {
        List<Baseline> baselines = baselinesLocked();
        if (baselines.isEmpty()) {
            return;
        }
        List<MultiGauge.Row<?>> rows = baselines.stream()
                .sorted(java.util.Comparator.comparingDouble(Baseline::score).reversed()).limit(MAX_SCORE_GAUGES)
                .map(b -> MultiGauge.Row.of(Tags.of("series", b.series(), "service", b.service()), b.score()))
                .collect(java.util.stream.Collectors.toList());
        anomalyScores.register(rows, true);
    }

    private List<Baseline> baselinesLocked() {
        List<Baseline> baselines = new ArrayList<>();
        for (Plugins.Created<Predictor> predictor : predictors) {
            try {
                baselines.addAll(predictor.plugin().baselines());
            } catch (RuntimeException e) {
                engine.pluginErrors().increment();
                log.warn("predictor {} failed to tell its baselines: {}", predictor.name(), e.toString());
            }
        }
        return baselines;
    }

    /**
     * What the predictors have learnt as normal for each series: level, spread, daily and weekly profiles, and
     * how unusual its last value was. None with {@code ENABLE_PREDICTIONS=false}.
     *
     * @return the baselines
     */
    public List<Baseline> baselines() {
        synchronized (predictorLock) {
            return baselinesLocked();
        }
    }

    /** A prediction as events carry it: the seed's fields, then its confidence, evidence and horizon. */
    private static Map<String, Object> predictionData(Prediction prediction) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", prediction.service());
        data.put("type", prediction.type());
        data.put("severity", prediction.severity().wireName());
        data.put("message", prediction.message());
        data.put("suggestion", prediction.suggestion());
        data.put("confidence", prediction.confidence());
        data.put("evidence", prediction.evidence());
        prediction.horizon().ifPresent(h -> data.put("horizonSeconds", h.toSeconds()));
        data.put("generatedAt", prediction.generatedAt().toString());
        return data;
    }

    /**
     * The compliance of every service that has objectives ({@code sla} in the services file): availability and
     * latency over 1, 7 and 30 days, error budgets left, burn rates and the burn-rate alerts that hold.
     *
     * @return the reports, in configuration order
     */
    public List<SlaReport> sla() {
        List<SlaReport> reports = new ArrayList<>();
        for (ServiceState state : services()) {
            sla.report(state.name()).ifPresent(reports::add);
        }
        return reports;
    }

    /**
     * One service's compliance with its objectives.
     *
     * @param service the service
     * @return its report, or empty when there is no such service or it has no objectives
     */
    public Optional<SlaReport> sla(String service) {
        return sla.report(service);
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
        Instant now = clock.instant();
        Instant monthAgo = now.minus(Duration.ofDays(30));
        List<Incident> recent = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            List<Incident> items = incidents.query(new io.devmentor.monitoring.spi.IncidentQuery(Optional.empty(),
                    Optional.empty(), service, 1000, page * 1000)).items();
            items.stream().filter(i -> !i.createdAt().isBefore(monthAgo)).forEach(recent::add);
            if (items.size() < 1000 || items.get(items.size() - 1).createdAt().isBefore(monthAgo)) {
                break;
            }
        }
        Map<String, double[]> minutes = new LinkedHashMap<>();
        Instant hourAgo = now.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (String series : historySeries()) {
            if (minutes.size() >= 200) {
                break;
            }
            boolean mine = service.map(s -> series.contains("service=" + s + ",") || series.contains("service=" + s + "}")
                    || !series.contains("service=")).orElse(true);
            if (!mine) {
                continue;
            }
            try {
                double[] values = new double[60];
                java.util.Arrays.fill(values, Double.NaN);
                int present = 0;
                for (io.devmentor.monitoring.spi.HistoryPoint point : historyStore.query(series, hourAgo, now,
                        Duration.ofMinutes(1))) {
                    int index = (int) Duration.between(hourAgo, point.start()).toMinutes();
                    if (index >= 0 && index < 60 && point.count() > 0) {
                        values[index] = point.avg();
                        present++;
                    }
                }
                if (present >= 40) {
                    for (int i = 1; i < values.length; i++) {
                        values[i] = Double.isNaN(values[i]) ? values[i - 1] : values[i];
                    }
                    int first = 0;
                    while (Double.isNaN(values[first])) {
                        first++;
                    }
                    minutes.put(series, java.util.Arrays.copyOfRange(values, first, values.length));
                }
            } catch (Exception e) {
                log.debug("history of {} not read for patterns: {}", series, e.toString());
            }
        }
        return new PatternReport(Patterns.recurring(recent), Patterns.correlated(minutes, 20), now);
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
        return incidents.find(incidentId).map(analyst::explain);
    }

    /**
     * The knowledge base: the entries of the built-in one and of every plugin's, for each failure kind and
     * prediction type.
     *
     * @return the entries
     */
    public List<Suggestion> knowledge() {
        return analyst.knowledge();
    }

    /**
     * The predictions that hold now, from the last round of the predictors ({@code PREDICTIVE_MAINTENANCE_INTERVAL}),
     * at or above {@code PREDICTION_THRESHOLD}; none with {@code ENABLE_PREDICTIONS=false}.
     *
     * @return the predictions
     */
    public List<Prediction> predictions() {
        return predictions;
    }

    /** {@code SLA_EVALUATION_INTERVAL}: how often burn-rate alerts are evaluated, in milliseconds (15,000). */
    private static long slaEvaluationInterval(MonitoringConfiguration configuration) {
        String text = configuration.environment().getOrDefault("SLA_EVALUATION_INTERVAL", "15000");
        try {
            long ms = Long.parseLong(text.trim());
            if (ms >= 100) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new ConfigurationException("SLA_EVALUATION_INTERVAL must be a number of milliseconds, at least 100,"
                + " was '" + text + "'");
    }

    /** Keeps samples in the history store; a failing store is logged, and never stops a check or a round. */
    private void remember(List<MetricSample> samples, Instant at) {
        observe(samples, at);
        try {
            historyStore.append(samples, at);
            if (historySeries.size() < 10_000) {
                for (MetricSample sample : samples) {
                    historySeries.add(sample.seriesKey());
                }
            }
        } catch (Exception e) {
            log.warn("metric history not stored: {}", e.toString());
        }
    }

    private void notifyServiceChecked(ServiceState state) {
        sla.checked(state);
        state.lastResult().ifPresent(result -> {
            Map<String, String> tags = Map.of("service", state.name());
            List<MetricSample> samples = new ArrayList<>(2);
            samples.add(MetricSample.gauge("service.response.time", result.latency().toNanos() / 1e9, tags)
                    .withBaseUnit("seconds"));
            samples.add(MetricSample.gauge("service.health.status", ServiceMonitor.statusValue(state.status()), tags));
            remember(samples, result.checkedAt());
        });
        try {
            incidents.onCheck(state);
        } catch (RuntimeException e) {
            log.error("incident handling failed for {}", state.name(), e);
        }
        for (MonitoringListener listener : listeners) {
            try {
                listener.serviceChecked(state);
            } catch (RuntimeException e) {
                log.warn("listener failed on {}: {}", state.name(), e.toString());
            }
        }
    }

    /**
     * Checks a service now rather than at its next interval, with its retries, and completes with the state that
     * check leaves. A check already under way finishes first; the answer is the one of the check after this call.
     *
     * @param service the service's name
     * @return the state after the check; failed with {@link java.util.NoSuchElementException} for an unknown
     *     service, {@link IllegalStateException} before {@link #start()} or after {@link #close()}, and
     *     {@link java.util.concurrent.TimeoutException} when no check ends within the service's timeouts
     */
    public CompletionStage<ServiceState> checkNow(String service) {
        Objects.requireNonNull(service, "service");
        if (!started.get() || closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(closed.get() ? "this Monitoring is closed"
                    : "start() the engine before checking"));
        }
        ServiceMonitor monitor;
        synchronized (monitorsLock) {
            monitor = monitors.get(service);
        }
        if (monitor == null) {
            return CompletableFuture.failedFuture(new java.util.NoSuchElementException("no service named '" + service + "'"));
        }
        ServiceDefinition definition = monitor.definition();
        Duration limit = definition.timeout().multipliedBy(definition.retryAttempts() + 1L).plusSeconds(10);
        return monitor.checkNowAndWait().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS);
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
        if (closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        try {
            collectorThread.submit(this::collectRound).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the collection round failed: " + e.getCause(), e.getCause());
        }
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
        if (closed.get()) {
            throw new IllegalStateException("this Monitoring is closed");
        }
        predictRound();
        return predictions();
    }

    /**
     * Applies the auto-response policy of an active incident's service now (its {@code autoRestart}), rather than
     * waiting for its count of failed checks: restarts it through its controller within the policy's limits, and
     * notes it on the incident's timeline.
     *
     * @param incidentId the incident
     * @return the restart's outcome; failed with {@link java.util.NoSuchElementException} for an incident that is
     *     not active, and {@link IllegalStateException} when its service has no policy or no controller, or the
     *     policy's cooldown or hourly limit holds it back
     */
    public CompletionStage<RestartResult> respond(String incidentId) {
        Objects.requireNonNull(incidentId, "incidentId");
        Optional<Incident> incident = incidents.active().stream().filter(i -> i.id().equals(incidentId)).findFirst();
        if (incident.isEmpty()) {
            return CompletableFuture.failedFuture(new java.util.NoSuchElementException("no active incident " + incidentId));
        }
        String name = incident.get().service();
        Optional<ServiceDefinition> service = definition(name);
        if (service.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(name + " is not a watched service"));
        }
        try {
            return incidents.respond(service.get(), incidentId);
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
        List<ServiceState> states = new ArrayList<>(monitors.size());
        monitors.values().forEach(m -> states.add(m.state()));
        return states;
    }

    /**
     * One service's current state.
     *
     * @param name the service's name
     * @return its state, when there is such a service
     */
    public Optional<ServiceState> service(String name) {
        ServiceMonitor monitor = monitors.get(name);
        return monitor == null ? Optional.empty() : Optional.of(monitor.state());
    }

    /**
     * This instance's id in its cluster ({@code MONITORING_INSTANCE_ID}); {@code local} without a cluster.
     *
     * @return the id
     */
    public String instanceId() {
        return selfId;
    }

    /**
     * The live members of this engine's cluster, sorted, this one included; without a cluster, just this one
     * ({@code local}).
     *
     * @return the members' ids
     */
    public List<String> clusterMembers() {
        return members;
    }

    /**
     * The latest system metrics.
     *
     * @return the metrics, once the {@code system} collector has run
     */
    public Optional<SystemMetrics> systemMetrics() {
        return Optional.ofNullable(systemMetrics);
    }

    /**
     * The latest samples of every collector, by collector name.
     *
     * @return the samples
     */
    public Map<String, List<MetricSample>> samples() {
        return Map.copyOf(latestSamples);
    }

    /**
     * Publishes an event to every subscriber (through the event transport, so to every instance).
     *
     * @param event the event
     */
    public void publish(MonitoringEvent event) {
        events.publish(Objects.requireNonNull(event, "event"));
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
        return events.subscribe(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(listener, "listener"),
                queueCapacity);
    }

    /**
     * The most recent events that pass a filter, newest first, from the bounded history.
     *
     * @param filter which events
     * @param limit at most this many
     * @return the events
     */
    public List<MonitoringEvent> events(EventFilter filter, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        return events.history(filter, limit);
    }

    /**
     * How many events were dropped in all because subscribers fell behind.
     *
     * @return the number
     */
    public long eventsDropped() {
        return events.droppedTotal();
    }

    /**
     * Adds a listener of service states and system metrics.
     *
     * @param listener the listener
     */
    public void addListener(MonitoringListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeListener(MonitoringListener listener) {
        listeners.remove(listener);
    }

    /**
     * The incidents: query them, open, acknowledge, comment and resolve them.
     *
     * @return the incidents
     */
    public Incidents incidents() {
        return incidents;
    }

    /**
     * Restarts a service through the service controller that controls it. The request and its outcome go on
     * the service's active incident, and the outcome is published as {@code service.restarted}.
     *
     * @param service the service's name
     * @param actor who asks
     * @return the outcome, when the restart ends
     * @throws java.util.NoSuchElementException when there is no such service
     * @throws IllegalStateException when no controller can restart it, or a restart of it is under way
     */
    public CompletionStage<RestartResult> restart(String service, String actor) {
        ServiceMonitor monitor = monitors.get(service);
        if (monitor == null) {
            throw new java.util.NoSuchElementException("no service named '" + service + "'");
        }
        return incidents.restart(monitor.state().definition(), actor, "requested by " + actor);
    }

    /**
     * Whether a service controller can restart a service.
     *
     * @param service the service's name
     * @return true when {@link #restart} may be called for it
     */
    public boolean canRestart(String service) {
        ServiceMonitor monitor = monitors.get(service);
        return monitor != null && control.controllerFor(monitor.state().definition()).isPresent();
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
    public List<io.devmentor.monitoring.spi.HistoryPoint> history(String series, Instant from, Instant to,
            Duration step) {
        try {
            return historyStore.query(series, from, to, step);
        } catch (Exception e) {
            throw new IllegalStateException("the history store cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The series the history holds (up to 10,000), sorted.
     *
     * @return the series keys
     */
    public List<String> historySeries() {
        return historySeries.stream().sorted().collect(java.util.stream.Collectors.toList());
    }

    /**
     * The notification log, newest first.
     *
     * @param incidentId only the notifications of this incident, when given
     * @param limit at most this many
     * @return the records
     */
    public List<NotificationRecord> notifications(Optional<String> incidentId, int limit) {
        return notifications.log(incidentId, limit);
    }

    /**
     * What became of each provider found at start-up.
     *
     * @return the statuses
     */
    public List<PluginStatus> plugins() {
        return pluginStatuses;
    }

    /**
     * The configuration the engine runs with.
     *
     * @return the configuration
     */
    public MonitoringConfiguration configuration() {
        return configuration;
    }

    /**
     * The engine's clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The host's registry, which the engine's meters are in until it is closed.
     *
     * @return the registry
     */
    public MeterRegistry meterRegistry() {
        return hostRegistry;
    }

    /** Stops every check and collection, and closes the plugins. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cluster.ifPresent(Monitoring::closeQuietly);
        discoveries.forEach(discovery -> closeQuietly(discovery.plugin()));
        synchronized (monitorsLock) {
            monitors.values().forEach(ServiceMonitor::stop);
        }
        collectorThread.shutdownNow();
        scheduler.shutdownNow();
        if (ownsWorkers) {
            workers.shutdownNow();
        }
        events.close();
        dispatch.shutdownNow();
        sampleMeters.values().forEach(SampleMeters::close);
        checkers.values().forEach(Monitoring::closeQuietly);
        sla.save();
        incidents.close();
        closeQuietly(incidentStore);
        closeQuietly(historyStore);
        control.close();
        notifications.close();
        rules.close();
        collectors.values().forEach(Monitoring::closeQuietly);
        // Leave the host's registry as it was, once no thread of the engine can register a meter any more: a
        // later engine registers its own meters afresh.
        for (java.util.concurrent.ExecutorService pool : ownsWorkers ? List.of(collectorThread, scheduler, dispatch, workers)
                : List.of(collectorThread, scheduler, dispatch)) {
            awaitTermination(pool);
        }
        List.copyOf(registry.getMeters()).forEach(registry::remove);
        registry.remove(hostRegistry);
    }

    private static void awaitTermination(java.util.concurrent.ExecutorService pool) {
        try {
            if (!pool.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("a task of the engine did not end within 2 s of close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable plugin) {
        try {
            plugin.close();
        } catch (Exception e) {
            log.warn("plugin {} failed to close: {}", plugin.getClass().getName(), e.toString());
        }
    }

    /** Used when no transport provider is found (plugin discovery off): delivers in process. */
    private static final class LocalTransport implements EventTransport {
        private volatile Consumer<MonitoringEvent> receiver;

        @Override
        public void publish(MonitoringEvent event) {
            receiver.accept(event);
        }

        @Override
        public void receive(Consumer<MonitoringEvent> newReceiver) {
            this.receiver = newReceiver;
        }
    }

    /** Emits {@code system.alert} when CPU or memory crosses its threshold, and again when it comes back. */
    private final class SystemThresholdWatch {
        private final Thresholds thresholds;
        private String cpuCorrelation;
        private String memoryCorrelation;
        private final Map<String, Instant> since = new java.util.HashMap<>();

        Map<String, Instant> breaches() {
            return Map.copyOf(since);
        }

        SystemThresholdWatch(Thresholds thresholds) {
            this.thresholds = thresholds;
        }

        List<MonitoringEvent> check(SystemMetrics metrics) {
            List<MonitoringEvent> alerts = new ArrayList<>(2);
            double cpu = metrics.cpu().usage();
            if (cpu >= 0) {
                cpuCorrelation = crossing("cpu", cpu, thresholds.cpuPercent(), cpuCorrelation, metrics.timestamp(),
                        alerts);
            }
            if (metrics.memory().total() > 0) {
                memoryCorrelation = crossing("memory", metrics.memory().usagePercent(), thresholds.memoryPercent(),
                        memoryCorrelation, metrics.timestamp(), alerts);
            }
            return alerts;
        }

        private String crossing(String metric, double value, double limit, String correlation, Instant at,
                List<MonitoringEvent> alerts) {
            boolean high = value > limit;
            if (high == (correlation != null)) {
                return correlation;
            }
            if (high) {
                since.put(metric, at);
            } else {
                since.remove(metric);
            }
            String id = correlation != null ? correlation : UUID.randomUUID().toString();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("metric", metric);
            data.put("value", value);
            data.put("threshold", limit);
            data.put("state", high ? "breached" : "cleared");
            alerts.add(MonitoringEvent.of(EventTypes.SYSTEM_ALERT, "system", at,
                    high ? Severity.WARNING : Severity.INFO, data).withMetadata(EventMetadata.EMPTY.withCorrelationId(id)));
            return high ? id : null;
        }
    }

    /** Builds a {@link Monitoring}; {@link #build()} validates. */
    public static final class Builder {
        private MonitoringConfiguration configuration = MonitoringConfiguration.defaults();
        private final List<ServiceDefinition> extraServices = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry;
        private Tags commonTags = Tags.empty();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private boolean discover = true;
        private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private ExecutorService workers;
        private int eventHistorySize = 1000;
        private Duration aggregationWindow = Duration.ofSeconds(5);
        private final List<HealthCheckerProvider> checkerProviders = new ArrayList<>();
        private final List<MetricsCollectorProvider> collectorProviders = new ArrayList<>();
        private final List<EventTransportProvider> transports = new ArrayList<>();
        private final List<ServiceControllerProvider> controllerProviders = new ArrayList<>();
        private final List<NotifierProvider> notifierProviders = new ArrayList<>();
        private final List<ServiceDiscoveryProvider> discoveryProviders = new ArrayList<>();
        private final List<ClusterProvider> clusterProviders = new ArrayList<>();
        private final List<PredictorProvider> predictorProviders = new ArrayList<>();
        private final List<KnowledgeBaseProvider> knowledgeBaseProviders = new ArrayList<>();
        private NotificationSettings notificationSettings;
        private final List<MonitoringListener> listeners = new ArrayList<>();
        private IncidentStore incidentStore;
        private String defaultStore = "memory";
        private String defaultHistoryStore = "memory";
        private IncidentSettings incidentSettings;

        private Builder() {
        }

        /**
         * Uses this incident store instead of the one {@code MONITORING_INCIDENT_STORE} names. The engine
         * closes it on {@link Monitoring#close()}.
         *
         * @param store the store
         * @return this builder
         */
        public Builder incidentStore(IncidentStore store) {
            this.incidentStore = Objects.requireNonNull(store, "incidentStore");
            return this;
        }

        /**
         * Sets the incident store used when {@code MONITORING_INCIDENT_STORE} is not set. Default:
         * {@code memory}; the server uses {@code h2}.
         *
         * @param name the store provider's name
         * @return this builder
         */
        public Builder defaultIncidentStore(String name) {
            this.defaultStore = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the metric history store used when {@code MONITORING_HISTORY_STORE} is not set. Default:
         * {@code memory}; the server uses {@code h2}.
         *
         * @param name the store provider's name
         * @return this builder
         */
        public Builder defaultHistoryStore(String name) {
            this.defaultHistoryStore = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets how incidents are opened and closed. Default: the configuration's, from the services file's
         * {@code incidents} section.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder incidentSettings(IncidentSettings settings) {
            this.incidentSettings = Objects.requireNonNull(settings, "incidentSettings");
            return this;
        }

        /**
         * Sets the configuration: settings, services and thresholds. Default: {@link MonitoringConfiguration#defaults()}.
         *
         * @param value the configuration
         * @return this builder
         */
        public Builder configuration(MonitoringConfiguration value) {
            this.configuration = Objects.requireNonNull(value, "configuration");
            return this;
        }

        /**
         * Adds a service to those of the configuration.
         *
         * @param service the service
         * @return this builder
         */
        public Builder service(ServiceDefinition service) {
            extraServices.add(Objects.requireNonNull(service, "service"));
            return this;
        }

        /**
         * Sets the clock. Default: the system clock in UTC.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the host's meter registry. Default: a private {@link SimpleMeterRegistry}.
         *
         * @param value the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.registry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /**
         * Adds a tag to every meter of this engine, so that two engines can share one registry (for example
         * {@code engine=payments}). Default: none.
         *
         * @param key the tag's key
         * @param value the tag's value
         * @return this builder
         */
        public Builder meterTag(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isBlank()) {
                throw new IllegalArgumentException("a meter tag needs a key, was blank");
            }
            this.commonTags = commonTags.and(key, value);
            return this;
        }

        /**
         * Sets the class loader plugins are found with. Default: the thread's context class loader.
         *
         * @param value the class loader
         * @return this builder
         */
        public Builder pluginClassLoader(ClassLoader value) {
            this.classLoader = Objects.requireNonNull(value, "pluginClassLoader");
            return this;
        }

        /**
         * Turns plugin discovery with {@link java.util.ServiceLoader} on or off. Default: on. With it off,
         * only the providers and checkers given to this builder are used.
         *
         * @param value whether to discover plugins
         * @return this builder
         */
        public Builder discoverPlugins(boolean value) {
            this.discover = value;
            return this;
        }

        /**
         * Sets how many threads start checks and handle their results. Default: the number of cores, at least 2.
         *
         * @param value 1 to 256
         * @return this builder
         */
        public Builder workerThreads(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("workerThreads must be 1–256, was " + value);
            }
            this.workerThreads = value;
            return this;
        }

        /**
         * Runs the engine's check handling on the host's executor instead of a pool of its own. The
         * executor must not run tasks on the calling thread and must not block; the engine never shuts it
         * down. Default: a fixed pool of {@link #workerThreads(int)} threads.
         *
         * @param value the executor
         * @return this builder
         */
        public Builder executor(ExecutorService value) {
            this.workers = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Sets how many events the history keeps. Default: 1,000.
         *
         * @param value 0 to 1,000,000
         * @return this builder
         */
        public Builder eventHistorySize(int value) {
            if (value < 0 || value > 1_000_000) {
                throw new IllegalArgumentException("eventHistorySize must be 0–1000000, was " + value);
            }
            this.eventHistorySize = value;
            return this;
        }

        /**
         * Sets the window in which identical events are folded into one. Default: 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder aggregationWindow(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("aggregationWindow must be positive, was " + value);
            }
            this.aggregationWindow = value;
            return this;
        }

        /**
         * Adds a health checker provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder healthCheckerProvider(HealthCheckerProvider provider) {
            checkerProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a health checker for services of a kind: the simplest way for a host to add an in-process
         * check.
         *
         * @param kind the kind services name in their {@code type}
         * @param checker the checker
         * @return this builder
         */
        public Builder healthChecker(String kind, HealthChecker checker) {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(checker, "checker");
            return healthCheckerProvider(new HealthCheckerProvider() {
                @Override
                public String name() {
                    return kind;
                }

                @Override
                public int priority() {
                    return Integer.MAX_VALUE;
                }

                @Override
                public HealthChecker create(PluginContext context) {
                    return checker;
                }
            });
        }

        /**
         * Adds a metrics collector provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder metricsCollectorProvider(MetricsCollectorProvider provider) {
            collectorProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a service controller provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder serviceControllerProvider(ServiceControllerProvider provider) {
            controllerProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a notifier provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder notifierProvider(NotifierProvider provider) {
            notifierProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a service discovery provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder serviceDiscoveryProvider(ServiceDiscoveryProvider provider) {
            discoveryProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a predictor provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder predictorProvider(PredictorProvider provider) {
            predictorProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a knowledge base provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder knowledgeBaseProvider(KnowledgeBaseProvider provider) {
            knowledgeBaseProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a cluster provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder clusterProvider(ClusterProvider provider) {
            clusterProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Sets how incidents page people. Default: the configuration's, from the services file's
         * {@code notifications} section.
         *
         * @param settings the settings
         * @return this builder
         */
        public Builder notificationSettings(NotificationSettings settings) {
            this.notificationSettings = Objects.requireNonNull(settings, "notificationSettings");
            return this;
        }

        /**
         * Adds an event transport provider, as if it had been discovered.
         *
         * @param provider the provider
         * @return this builder
         */
        public Builder eventTransportProvider(EventTransportProvider provider) {
            transports.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Adds a listener of service states and system metrics.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(MonitoringListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the engine: finds and creates the plugins. Call {@link Monitoring#start()} to begin.
         *
         * @return the engine
         * @throws ConfigurationException when services are defined twice
         */
        public Monitoring build() {
            if (registry == null) {
                registry = new SimpleMeterRegistry();
            }
            if (!extraServices.isEmpty()) {
                List<ServiceDefinition> all = new ArrayList<>(configuration.services());
                all.addAll(extraServices);
                configuration = configuration.withServices(all);
            }
            return new Monitoring(this);
        }
    }
}
