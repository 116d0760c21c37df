package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Thresholds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration of an engine: the seed's environment variables that the engine and its plugins read, with
 * their defaults, plus {@code MONITORING_CONFIG} and {@code MONITORING_DATA_DIR}, and the services file. Times
 * are in milliseconds, as in the seed. {@link #toString()} never shows secrets. The server's own settings (its
 * port, origin, token) are the server's, read from the same {@link #environment()}.
 *
 * @param databaseUrl {@code DATABASE_URL}, {@code postgresql://user:pass@host:port/db}
 * @param redisUrl {@code REDIS_URL}
 * @param healthCheckInterval {@code HEALTH_CHECK_INTERVAL}, default 10000 ms: services without their own
 * @param metricsCollectionInterval {@code METRICS_COLLECTION_INTERVAL}, default 5000 ms
 * @param predictiveMaintenanceInterval {@code PREDICTIVE_MAINTENANCE_INTERVAL}, default 300000 ms
 * @param slaEvaluationInterval {@code SLA_EVALUATION_INTERVAL}, default 15000 ms, 100 ms at least: how often the
 *     SLA burn-rate alerts are evaluated
 * @param alertEmailEnabled {@code ALERT_EMAIL_ENABLED}
 * @param alertSlackEnabled {@code ALERT_SLACK_ENABLED}
 * @param slackWebhookUrl {@code SLACK_WEBHOOK_URL} (secret)
 * @param enablePredictions {@code ENABLE_PREDICTIONS}, default true
 * @param predictionThreshold {@code PREDICTION_THRESHOLD}, default 0.8
 * @param configFile the services file: {@code MONITORING_CONFIG}, or {@code ./monitoring.yml} when present
 * @param dataDirectory {@code MONITORING_DATA_DIR}, default {@code ./data} from the environment; none in
 *     {@link #defaults()}, so that a host's engine writes no file unless it is given a directory
 * @param services the services to watch
 * @param thresholds the alert thresholds
 * @param incidents how incidents are opened, classified and closed, and the maintenance windows
 * @param notifications how incidents page people: delay, retry deadline, escalation policies
 * @param rules the event-driven rules
 * @param environment every setting, by name, for plugins
 */
public record MonitoringConfiguration(
        Optional<String> databaseUrl,
        Optional<String> redisUrl,
        Duration healthCheckInterval,
        Duration metricsCollectionInterval,
        Duration predictiveMaintenanceInterval,
        Duration slaEvaluationInterval,
        boolean alertEmailEnabled,
        boolean alertSlackEnabled,
        Optional<String> slackWebhookUrl,
        boolean enablePredictions,
        double predictionThreshold,
        Optional<Path> configFile,
        Optional<Path> dataDirectory,
        List<ServiceDefinition> services,
        Thresholds thresholds,
        IncidentSettings incidents,
        NotificationSettings notifications,
        List<EventRule> rules,
        Map<String, String> environment) {

    /** Validates and copies the components. */
    public MonitoringConfiguration {
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(slackWebhookUrl, "slackWebhookUrl");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (slaEvaluationInterval.toMillis() < 100) {
            throw new ConfigurationException("SLA_EVALUATION_INTERVAL must be 100 ms at least, was "
                    + slaEvaluationInterval.toMillis());
        }
        if (!(predictionThreshold >= 0 && predictionThreshold <= 1)) {
            throw new ConfigurationException("PREDICTION_THRESHOLD must be between 0 and 1, was " + predictionThreshold);
        }
        services = List.copyOf(services);
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(notifications, "notifications");
        rules = List.copyOf(rules);
        environment = Map.copyOf(environment);
    }

    /**
     * The library's defaults: the seed's intervals and thresholds, no services, no data directory, and nothing read
     * from the environment or the working directory.
     *
     * @return the default configuration
     */
    public static MonitoringConfiguration defaults() {
        return of(key -> Optional.empty(), Optional.empty(), ServicesFile.Parsed.NONE, Optional.empty(), Map.of());
    }

    /**
     * Reads the configuration from environment variables and the services file they point to.
     *
     * @param env the environment, such as {@link System#getenv()}
     * @param workingDirectory where relative paths start, and where {@code monitoring.yml} is looked for
     * @return the configuration
     * @throws ConfigurationException naming the bad setting or field
     */
    public static MonitoringConfiguration fromEnvironment(Map<String, String> env, Path workingDirectory) {
        Function<String, Optional<String>> get = key -> Optional.ofNullable(env.get(key))
                .map(String::trim).filter(v -> !v.isEmpty());
        Duration healthInterval = millis(get, "HEALTH_CHECK_INTERVAL", 10_000);
        Optional<Path> configFile = get.apply("MONITORING_CONFIG").map(workingDirectory::resolve);
        if (configFile.isPresent() && !Files.isRegularFile(configFile.get())) {
            throw new ConfigurationException("MONITORING_CONFIG: no such file " + configFile.get());
        }
        if (configFile.isEmpty()) {
            configFile = Optional.of(workingDirectory.resolve("monitoring.yml")).filter(Files::isRegularFile);
        }
        ServicesFile.Parsed parsed = configFile.isPresent()
                ? ServicesFile.read(configFile.get(), healthInterval) : ServicesFile.Parsed.NONE;
        return of(get, configFile, parsed, Optional.of(workingDirectory.resolve(
                get.apply("MONITORING_DATA_DIR").orElse("data")).normalize()), env);
    }

    private static MonitoringConfiguration of(Function<String, Optional<String>> get, Optional<Path> configFile,
            ServicesFile.Parsed parsed, Optional<Path> dataDirectory, Map<String, String> env) {
        Duration healthInterval = millis(get, "HEALTH_CHECK_INTERVAL", 10_000);
        return new MonitoringConfiguration(
                get.apply("DATABASE_URL"),
                get.apply("REDIS_URL"),
                healthInterval,
                millis(get, "METRICS_COLLECTION_INTERVAL", 5_000),
                millis(get, "PREDICTIVE_MAINTENANCE_INTERVAL", 300_000),
                millis(get, "SLA_EVALUATION_INTERVAL", 15_000),
                bool(get, "ALERT_EMAIL_ENABLED", false),
                bool(get, "ALERT_SLACK_ENABLED", false),
                get.apply("SLACK_WEBHOOK_URL"),
                bool(get, "ENABLE_PREDICTIONS", true),
                decimal(get, "PREDICTION_THRESHOLD", 0.8),
                configFile,
                dataDirectory,
                parsed.services(),
                parsed.thresholds(),
                parsed.incidents(),
                parsed.notifications(),
                parsed.rules(),
                env);
    }

    /**
     * A copy with other services.
     *
     * @param newServices the services
     * @return the copy
     */
    public MonitoringConfiguration withServices(List<ServiceDefinition> newServices) {
        return new MonitoringConfiguration(databaseUrl, redisUrl, healthCheckInterval, metricsCollectionInterval,
                predictiveMaintenanceInterval, slaEvaluationInterval, alertEmailEnabled, alertSlackEnabled, slackWebhookUrl, enablePredictions,
                predictionThreshold, configFile, dataDirectory, newServices, thresholds, incidents, notifications, rules,
                environment);
    }

    /**
     * A copy with the engine's settings a host gave its builder.
     *
     * @param newDataDirectory the data directory
     * @param metricsEvery how often collectors run
     * @param predictEvery how often the predictors are asked
     * @param slaEvery how often the SLA burn-rate alerts are evaluated
     * @param predict whether predictors run
     * @param threshold the lowest confidence of a published prediction
     * @param newThresholds the alert thresholds
     * @param settings the settings plugins read, by their environment variables' names
     * @return the copy
     */
    MonitoringConfiguration withEngineSettings(Optional<Path> newDataDirectory, Duration metricsEvery,
            Duration predictEvery, Duration slaEvery, boolean predict, double threshold, Thresholds newThresholds,
            Map<String, String> settings) {
        return new MonitoringConfiguration(databaseUrl, redisUrl, healthCheckInterval, metricsEvery, predictEvery,
                slaEvery, alertEmailEnabled, alertSlackEnabled, slackWebhookUrl, predict, threshold, configFile, newDataDirectory,
                services, newThresholds, incidents, notifications, rules, settings);
    }

    /** Shows every setting but the secrets, which appear as {@code ***} when set. */
    @Override
    public String toString() {
        return "MonitoringConfiguration[databaseUrl=" + databaseUrl.map(MonitoringConfiguration::withoutPassword).orElse("-")
                + ", redisUrl=" + redisUrl.map(MonitoringConfiguration::withoutPassword).orElse("-")
                + ", healthCheckInterval=" + healthCheckInterval.toMillis()
                + ", metricsCollectionInterval=" + metricsCollectionInterval.toMillis()
                + ", predictiveMaintenanceInterval=" + predictiveMaintenanceInterval.toMillis()
                + ", slaEvaluationInterval=" + slaEvaluationInterval.toMillis()
                + ", alertEmailEnabled=" + alertEmailEnabled + ", alertSlackEnabled=" + alertSlackEnabled
                + ", slackWebhookUrl=" + slackWebhookUrl.map(s -> "***").orElse("-")
                + ", enablePredictions=" + enablePredictions + ", predictionThreshold=" + predictionThreshold
                + ", configFile=" + configFile.map(Path::toString).orElse("-") + ", dataDirectory=" + dataDirectory.map(Path::toString).orElse("-")
                + ", services=" + services.size()
                + ", thresholds=" + thresholds + "]";
    }

    /** Hides the password of a {@code scheme://user:password@host} URL. */
    static String withoutPassword(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    private static int integer(Function<String, Optional<String>> get, String key, int fallback) {
        String value = get.apply(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }

    private static double decimal(Function<String, Optional<String>> get, String key, double fallback) {
        String value = get.apply(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a number, was '" + value + "'");
        }
    }

    private static Duration millis(Function<String, Optional<String>> get, String key, long fallback) {
        long value = get.apply(key).isPresent() ? integer(get, key, 0) : fallback;
        if (value <= 0) {
            throw new ConfigurationException(key + " must be a positive number of milliseconds, was " + value);
        }
        return Duration.ofMillis(value);
    }

    private static boolean bool(Function<String, Optional<String>> get, String key, boolean fallback) {
        String value = get.apply(key).map(v -> v.toLowerCase(Locale.ROOT)).orElse(null);
        if (value == null) {
            return fallback;
        }
        switch (value) {
            case "true":
            case "1":
            case "yes":
                return true;
            case "false":
            case "0":
            case "no":
                return false;
            default:
                throw new ConfigurationException(key + " must be true or false, was '" + value + "'");
        }
    }
}
