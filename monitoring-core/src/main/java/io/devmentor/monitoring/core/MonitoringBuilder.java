package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.spi.ClusterProvider;
import io.devmentor.monitoring.spi.EventTransportProvider;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.KnowledgeBaseProvider;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.NotifierProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.PredictorProvider;
import io.devmentor.monitoring.spi.ServiceControllerProvider;
import io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
import io.devmentor.monitoring.spi.SharedStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Monitoring}; {@link #build()} validates. */
public final class MonitoringBuilder {
    MonitoringConfiguration configuration = MonitoringConfiguration.defaults();
    final List<ServiceDefinition> extraServices = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    LongSupplier ticker = System::nanoTime;
    /** The engine's stall watch; a test gives its own (package-private: not part of the API). */
    io.devmentor.monitoring.core.check.@Nullable StallWatch stallWatch;
    io.opentelemetry.api.OpenTelemetry openTelemetry = io.opentelemetry.api.OpenTelemetry.noop();
    @Nullable ScheduledExecutorService scheduler;
    @Nullable MeterRegistry registry;
    Tags commonTags = Tags.empty();
    ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
    boolean discover = true;
    int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    @Nullable ExecutorService workers;
    int eventHistorySize = 1000;
    Duration aggregationWindow = Duration.ofSeconds(5);
    final List<HealthCheckerProvider> checkerProviders = new ArrayList<>();
    final List<MetricsCollectorProvider> collectorProviders = new ArrayList<>();
    final List<EventTransportProvider> transports = new ArrayList<>();
    final List<ServiceControllerProvider> controllerProviders = new ArrayList<>();
    final List<NotifierProvider> notifierProviders = new ArrayList<>();
    final List<ServiceDiscoveryProvider> discoveryProviders = new ArrayList<>();
    final List<ClusterProvider> clusterProviders = new ArrayList<>();
    final List<PredictorProvider> predictorProviders = new ArrayList<>();
    final List<KnowledgeBaseProvider> knowledgeBaseProviders = new ArrayList<>();
    @Nullable NotificationSettings notificationSettings;
    @Nullable IncidentStore incidentStore;
    String defaultStore = "memory";
    String defaultHistoryStore = "memory";
    String defaultEventStore = "memory";
    /** The shared store used when {@code MONITORING_SHARED_STORE} is not set; {@code none} for the data directory. */
    String defaultSharedStore = NO_SHARED_STORE;
    @Nullable SharedStore sharedStore;
    @Nullable IncidentSettings incidentSettings;
    // Typed settings, over the configuration's whatever the order of the calls; null when not given.
    private @Nullable Path dataDirectory;
    private @Nullable Duration metricsCollectionInterval;
    private @Nullable Duration predictionInterval;
    private @Nullable Duration slaEvaluationInterval;
    private @Nullable Boolean predictions;
    private @Nullable Double predictionThreshold;
    private @Nullable Thresholds thresholds;
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** The value of {@code MONITORING_SHARED_STORE} that keeps shared things in the data directory. */
    public static final String NO_SHARED_STORE = "none";

    MonitoringBuilder() {
    }

    /**
     * Uses this incident store instead of the one {@code MONITORING_INCIDENT_STORE} names. The engine
     * closes it on {@link Monitoring#close()}.
     *
     * @param store the store
     * @return this builder
     */
    public MonitoringBuilder incidentStore(IncidentStore store) {
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
    public MonitoringBuilder defaultIncidentStore(String name) {
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
    public MonitoringBuilder defaultHistoryStore(String name) {
        this.defaultHistoryStore = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Sets the event store used when {@code MONITORING_EVENT_STORE} is not set. Default: {@code memory} (the
     * newest {@link #eventHistorySize(int)} events); the server uses {@code h2}.
     *
     * @param name the store provider's name
     * @return this builder
     */
    public MonitoringBuilder defaultEventStore(String name) {
        this.defaultEventStore = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Traces with this OpenTelemetry: each check attempt is a span ({@code service.name}, {@code check.type},
     * {@code check.target}) whose W3C {@code traceparent} the HTTP checker sends to the target; incident changes and
     * restarts are spans too. Default: none (no spans). The engine does not close it.
     *
     * @param telemetry the host's OpenTelemetry, its SDK or the agent's
     * @return this builder
     */
    public MonitoringBuilder openTelemetry(io.opentelemetry.api.OpenTelemetry telemetry) {
        this.openTelemetry = Objects.requireNonNull(telemetry, "openTelemetry");
        return this;
    }

    /**
     * Sets the shared store used when {@code MONITORING_SHARED_STORE} is not set. Default: {@value #NO_SHARED_STORE},
     * custom dashboards, maintenance windows and SLA counts in the data directory; the server uses {@code postgres}
     * when {@code DATABASE_URL} is set.
     *
     * @param name the store provider's name, or {@value #NO_SHARED_STORE}
     * @return this builder
     */
    public MonitoringBuilder defaultSharedStore(String name) {
        this.defaultSharedStore = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Uses this shared store instead of the one {@code MONITORING_SHARED_STORE} names: engines given the same store
     * share maintenance windows, SLA counts and what the host keeps in it. The engine does not close it.
     *
     * @param store the store
     * @return this builder
     */
    public MonitoringBuilder sharedStore(SharedStore store) {
        this.sharedStore = Objects.requireNonNull(store, "sharedStore");
        return this;
    }

    /**
     * Sets how incidents are opened and closed. Default: the configuration's, from the services file's
     * {@code incidents} section.
     *
     * @param settings the settings
     * @return this builder
     */
    public MonitoringBuilder incidentSettings(IncidentSettings settings) {
        this.incidentSettings = Objects.requireNonNull(settings, "incidentSettings");
        return this;
    }

    /**
     * Sets the configuration: settings, services and thresholds, as {@link MonitoringConfiguration#fromEnvironment}
     * reads them for a server. Default: {@link MonitoringConfiguration#defaults()}. The typed settings of this
     * builder ({@link #dataDirectory}, {@link #thresholds}, {@link #setting}, ...) take precedence over it.
     *
     * @param value the configuration
     * @return this builder
     */
    public MonitoringBuilder configuration(MonitoringConfiguration value) {
        this.configuration = Objects.requireNonNull(value, "configuration");
        return this;
    }

    /**
     * Adds a service to those of the configuration.
     *
     * @param service the service
     * @return this builder
     */
    public MonitoringBuilder service(ServiceDefinition service) {
        extraServices.add(Objects.requireNonNull(service, "service"));
        return this;
    }

    /**
     * Sets the clock. Default: the system clock in UTC.
     *
     * @param value the clock
     * @return this builder
     */
    public MonitoringBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** Uses this stall watch instead of the engine's own: tests stand the engine still at will. */
    MonitoringBuilder stallWatch(io.devmentor.monitoring.core.check.StallWatch value) {
        this.stallWatch = Objects.requireNonNull(value, "stallWatch");
        return this;
    }

    /**
     * Sets the ticker that measures intervals: a monotonic count of nanoseconds, as {@link System#nanoTime()} is
     * (the default). Give it with {@link #scheduler(ScheduledExecutorService)} and {@link #clock(Clock)} from one
     * source of time, such as a test's virtual time.
     *
     * @param value the ticker
     * @return this builder
     */
    public MonitoringBuilder ticker(LongSupplier value) {
        this.ticker = Objects.requireNonNull(value, "ticker");
        return this;
    }

    /**
     * Times the engine's work on the host's scheduler: checks, retries, timeouts, backoff, notification delays and
     * escalations, and the collection, prediction and SLA rounds. Its tasks only hand work on, so it may have one
     * thread. The engine cancels what it scheduled when it closes, and never shuts the scheduler down. Default: a
     * scheduler thread of the engine's own. With a virtual scheduler (and its {@link #clock(Clock)} and
     * {@link #ticker(LongSupplier)}), a test makes hours pass in a moment.
     *
     * @param value the scheduler
     * @return this builder
     */
    public MonitoringBuilder scheduler(ScheduledExecutorService value) {
        this.scheduler = Objects.requireNonNull(value, "scheduler");
        return this;
    }

    /**
     * Sets the host's meter registry. Default: a private {@link SimpleMeterRegistry}.
     *
     * @param value the registry
     * @return this builder
     */
    public MonitoringBuilder meterRegistry(MeterRegistry value) {
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
    public MonitoringBuilder meterTag(String key, String value) {
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
    public MonitoringBuilder pluginClassLoader(ClassLoader value) {
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
    public MonitoringBuilder discoverPlugins(boolean value) {
        this.discover = value;
        return this;
    }

    /**
     * Sets how many threads start checks and handle their results. Default: the number of cores, at least 2.
     *
     * @param value 1 to 256
     * @return this builder
     */
    public MonitoringBuilder workerThreads(int value) {
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
    public MonitoringBuilder executor(ExecutorService value) {
        this.workers = Objects.requireNonNull(value, "executor");
        return this;
    }

    /**
     * Sets how many events the {@code memory} event store keeps (unless {@code MONITORING_EVENT_HISTORY_SIZE} is
     * set). Default: 1,000. Other stores keep {@code MONITORING_EVENT_RETENTION_DAYS} days (default 30).
     *
     * @param value 0 to 1,000,000
     * @return this builder
     */
    public MonitoringBuilder eventHistorySize(int value) {
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
    public MonitoringBuilder aggregationWindow(Duration value) {
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
    public MonitoringBuilder healthCheckerProvider(HealthCheckerProvider provider) {
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
    public MonitoringBuilder healthChecker(String kind, HealthChecker checker) {
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
    public MonitoringBuilder metricsCollectorProvider(MetricsCollectorProvider provider) {
        collectorProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a service controller provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder serviceControllerProvider(ServiceControllerProvider provider) {
        controllerProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a notifier provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder notifierProvider(NotifierProvider provider) {
        notifierProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a service discovery provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder serviceDiscoveryProvider(ServiceDiscoveryProvider provider) {
        discoveryProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a predictor provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder predictorProvider(PredictorProvider provider) {
        predictorProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a knowledge base provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder knowledgeBaseProvider(KnowledgeBaseProvider provider) {
        knowledgeBaseProviders.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Adds a cluster provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder clusterProvider(ClusterProvider provider) {
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
    public MonitoringBuilder notificationSettings(NotificationSettings settings) {
        this.notificationSettings = Objects.requireNonNull(settings, "notificationSettings");
        return this;
    }

    /**
     * Adds an event transport provider, as if it had been discovered.
     *
     * @param provider the provider
     * @return this builder
     */
    public MonitoringBuilder eventTransportProvider(EventTransportProvider provider) {
        transports.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Sets the directory the engine and its plugins keep files in (the H2 stores, SLA counts, the PostgreSQL
     * outbox); it is created when missing. Default: none, and then the engine writes no file at all.
     *
     * @param value the directory
     * @return this builder
     */
    public MonitoringBuilder dataDirectory(Path value) {
        this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
        return this;
    }

    /**
     * Sets how often the collectors (system metrics, containers) run. Default: 5 s.
     *
     * @param value the interval, 100 ms at least
     * @return this builder
     */
    public MonitoringBuilder metricsCollectionInterval(Duration value) {
        this.metricsCollectionInterval = atLeast("metricsCollectionInterval", value, Duration.ofMillis(100));
        return this;
    }

    /**
     * Sets how often the predictors are asked what holds. Default: 5 min.
     *
     * @param value the interval, 1 s at least
     * @return this builder
     */
    public MonitoringBuilder predictionInterval(Duration value) {
        this.predictionInterval = atLeast("predictionInterval", value, Duration.ofSeconds(1));
        return this;
    }

    /**
     * Sets how often the SLA burn-rate alerts are evaluated. Default: 15 s.
     *
     * @param value the interval, 100 ms at least
     * @return this builder
     */
    public MonitoringBuilder slaEvaluationInterval(Duration value) {
        this.slaEvaluationInterval = atLeast("slaEvaluationInterval", value, Duration.ofMillis(100));
        return this;
    }

    /**
     * Turns the predictors on or off. Default: on.
     *
     * @param value whether predictors run
     * @return this builder
     */
    public MonitoringBuilder predictions(boolean value) {
        this.predictions = value;
        return this;
    }

    /**
     * Sets the lowest confidence of a published prediction. Default: 0.8.
     *
     * @param value from 0 to 1
     * @return this builder
     */
    public MonitoringBuilder predictionThreshold(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("predictionThreshold must be from 0 to 1, was " + value);
        }
        this.predictionThreshold = value;
        return this;
    }

    /**
     * Sets the alert thresholds (CPU, memory, error rate, response time). Default: the seed's, 80 %, 90 %, 5 %
     * and 2 s.
     *
     * @param value the thresholds
     * @return this builder
     */
    public MonitoringBuilder thresholds(Thresholds value) {
        this.thresholds = Objects.requireNonNull(value, "thresholds");
        return this;
    }

    /**
     * Sets one setting that plugins read, by the name of its environment variable: {@code REDIS_URL},
     * {@code DATABASE_URL}, {@code MONITORING_INCIDENT_STORE}, {@code SLACK_WEBHOOK_URL}.
     *
     * @param key the setting's name
     * @param value its value
     * @return this builder
     */
    public MonitoringBuilder setting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a setting needs a name, was blank");
        }
        settings.put(key, value);
        return this;
    }

    private static Duration atLeast(String name, Duration value, Duration least) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(least) < 0) {
            throw new IllegalArgumentException(name + " must be " + least.toMillis() + " ms at least, was "
                    + value.toMillis() + " ms");
        }
        return value;
    }

    /**
     * Builds the engine: finds and creates the plugins. Call {@link Monitoring#start()} to begin.
     *
     * @return the engine
     * @throws ConfigurationException when services are defined twice
     */
    public Monitoring build() {
        if (!extraServices.isEmpty()) {
            List<ServiceDefinition> all = new ArrayList<>(configuration.services());
            all.addAll(extraServices);
            configuration = configuration.withServices(all);
        }
        Map<String, String> environment = new LinkedHashMap<>(configuration.environment());
        environment.putAll(settings);
        configuration = configuration.withEngineSettings(
                dataDirectory != null ? Optional.of(dataDirectory) : configuration.dataDirectory(),
                metricsCollectionInterval != null ? metricsCollectionInterval
                        : configuration.metricsCollectionInterval(),
                predictionInterval != null ? predictionInterval : configuration.predictiveMaintenanceInterval(),
                slaEvaluationInterval != null ? slaEvaluationInterval : configuration.slaEvaluationInterval(),
                predictions != null ? predictions : configuration.enablePredictions(),
                predictionThreshold != null ? predictionThreshold : configuration.predictionThreshold(),
                thresholds != null ? thresholds : configuration.thresholds(), environment);
        return new Monitoring(this);
    }
}
