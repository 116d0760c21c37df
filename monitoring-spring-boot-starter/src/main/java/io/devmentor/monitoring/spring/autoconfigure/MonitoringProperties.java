package io.devmentor.monitoring.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code monitoring.*} properties of an application that uses the starter. */
@ConfigurationProperties(prefix = "monitoring")
public class MonitoringProperties {

    /** Whether the engine runs in this application. */
    private boolean enabled = true;

    /** The services file (the server's monitoring.yml form); none: only the application's health indicators. */
    private @Nullable String config;

    /** Where the engine keeps its files (SLA counts, maintenance windows); none: it writes no file. */
    private @Nullable String dataDirectory;

    /** The engine's other settings, by the server's variable names, such as HEALTH_CHECK_INTERVAL: 10000. */
    private Map<String, String> settings = new LinkedHashMap<>();

    private final HealthIndicators healthIndicators = new HealthIndicators();

    /** The defaults, for Spring to bind over. */
    public MonitoringProperties() {
    }

    /** The application's own Actuator health indicators, watched as services. */
    public static class HealthIndicators {

        /** Whether the application's health indicators are watched as services. */
        private boolean enabled = true;

        /** How often each is asked. */
        private Duration interval = Duration.ofSeconds(30);

        /** How long one may take before its check is DOWN. */
        private Duration timeout = Duration.ofSeconds(10);

        /** Health indicators not to watch, by their name in /actuator/health (such as diskSpace). */
        private List<String> exclude = new ArrayList<>();

        /** The defaults, for Spring to bind over. */
        public HealthIndicators() {
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public List<String> getExclude() {
            return exclude;
        }

        public void setExclude(List<String> exclude) {
            this.exclude = exclude;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getConfig() {
        return config;
    }

    public void setConfig(@Nullable String config) {
        this.config = config;
    }

    public @Nullable String getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(@Nullable String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    public HealthIndicators getHealthIndicators() {
        return healthIndicators;
    }
}
