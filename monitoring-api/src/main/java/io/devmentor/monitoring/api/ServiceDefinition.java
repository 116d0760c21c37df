package io.devmentor.monitoring.api;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service to watch, as the services file describes it.
 *
 * @param name unique name ({@code auth}); letters, digits, {@code .}, {@code _} and {@code -}
 * @param kind which health checker checks it: {@code http}, {@code tcp}, or a plugin's kind
 * @param url the base URL, for HTTP services given by URL
 * @param host the host, for services given by host and port
 * @param port the port, 0 when the service is given by URL
 * @param healthEndpoint the path of the health endpoint, appended to the URL or host and port
 * @param timeout how long one attempt may take
 * @param retryAttempts how many more attempts follow a failed one before the service is DOWN
 * @param interval how often the service is checked
 * @param critical whether its failure is critical (the seed's {@code criticalService})
 * @param dependsOn names of the services it depends on
 * @param tags free-form labels
 * @param expect what a healthy answer looks like
 * @param thresholds per-service overrides of the error-rate and response-time thresholds
 * @param autoRestart when the engine restarts the service by itself; empty: never
 * @param settings plugin-specific settings, by name
 * @param objectives its objectives (its SLA), if it has any
 */
public record ServiceDefinition(
        String name,
        String kind,
        Optional<URI> url,
        Optional<String> host,
        int port,
        String healthEndpoint,
        Duration timeout,
        int retryAttempts,
        Duration interval,
        boolean critical,
        List<String> dependsOn,
        List<String> tags,
        Expectations expect,
        Optional<Thresholds> thresholds,
        Optional<RestartPolicy> autoRestart,
        Map<String, String> settings,
        Optional<Objectives> objectives) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /**
     * The tag of a service that each instance of a cluster checks for itself, and does not share: one whose
     * address means something else on each instance, such as the server's own {@code monitoring}.
     */
    public static final String LOCAL_TAG = "local";

    /** Validates and copies the components; messages name the bad field and value. */
    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1–128 letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        MonitoringEvent.requireText(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(host, "host");
        url.ifPresent(u -> {
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("url must be absolute with a host, was '" + u + "'");
            }
        });
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0–65535, was " + port);
        }
        if (url.isEmpty() && (host.isEmpty() || port == 0) && ("http".equals(kind) || "tcp".equals(kind))) {
            throw new IllegalArgumentException("needs a url, or a host and a port");
        }
        Objects.requireNonNull(healthEndpoint, "healthEndpoint");
        if (!healthEndpoint.isEmpty() && !healthEndpoint.startsWith("/")) {
            throw new IllegalArgumentException("healthEndpoint must start with '/', was '" + healthEndpoint + "'");
        }
        requirePositive(timeout, "timeout");
        requirePositive(interval, "interval");
        if (retryAttempts < 0 || retryAttempts > 10) {
            throw new IllegalArgumentException("retryAttempts must be 0–10, was " + retryAttempts);
        }
        dependsOn = List.copyOf(dependsOn);
        if (dependsOn.contains(name)) {
            throw new IllegalArgumentException("dependsOn must not name the service itself");
        }
        tags = List.copyOf(tags);
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(autoRestart, "autoRestart");
        Objects.requireNonNull(objectives, "objectives");
        settings = Map.copyOf(settings);
    }

    private static void requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value.toMillis());
        }
    }

    /**
     * The URI of the health endpoint: the URL (or {@code http://host:port}) followed by the health endpoint.
     *
     * @return the URI, empty when the service has neither a URL nor a host and port
     */
    public Optional<URI> healthUri() {
        if (url.isPresent()) {
            String base = url.get().toString();
            if (base.endsWith("/") && healthEndpoint.startsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return Optional.of(URI.create(base + healthEndpoint));
        }
        if (host.isPresent() && port > 0) {
            String h = host.get().contains(":") ? "[" + host.get() + "]" : host.get();
            return Optional.of(URI.create("http://" + h + ":" + port + healthEndpoint));
        }
        return Optional.empty();
    }

    /**
     * What a check reaches, as a person reads it: the health endpoint's URI for HTTP, {@code host:port} for a
     * host and port, else the URL.
     *
     * @return the target; empty for a service that names none (a push monitor)
     */
    public String target() {
        if (kind.equals("http")) {
            return healthUri().map(URI::toString).orElse("");
        }
        return host.map(h -> h + ":" + port).or(() -> url.map(URI::toString)).orElse("");
    }

    /**
     * A builder for a service with the seed's defaults: HTTP, {@code /health}, a 2 s timeout, 3 retries, a
     * 10 s interval.
     *
     * @param name the service's name
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link ServiceDefinition}; {@link #build()} validates. */
    public static final class Builder {
        private final String name;
        private String kind = "http";
        private Optional<URI> url = Optional.empty();
        private Optional<String> host = Optional.empty();
        private int port;
        private Optional<String> healthEndpoint = Optional.empty();
        private Duration timeout = Duration.ofSeconds(2);
        private int retryAttempts = 3;
        private Duration interval = Duration.ofSeconds(10);
        private boolean critical;
        private final List<String> dependsOn = new ArrayList<>();
        private final List<String> tags = new ArrayList<>();
        private Expectations expect = Expectations.DEFAULT;
        private Optional<Thresholds> thresholds = Optional.empty();
        private Optional<RestartPolicy> autoRestart = Optional.empty();
        private Optional<Objectives> objectives = Optional.empty();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the checker kind.
         *
         * @param value {@code http}, {@code tcp} or a plugin's kind
         * @return this builder
         */
        public Builder kind(String value) {
            this.kind = value;
            return this;
        }

        /**
         * Sets the URL. A URL with a path ({@code http://h:8080/actuator/health}) is the health endpoint itself,
         * unless {@link #healthEndpoint(String)} says otherwise; a URL without one gets {@code /health}.
         *
         * @param value an absolute URL
         * @return this builder
         */
        public Builder url(String value) {
            this.url = Optional.of(URI.create(value));
            return this;
        }

        /**
         * Sets host and port.
         *
         * @param hostName the host
         * @param portNumber the port
         * @return this builder
         */
        public Builder hostAndPort(String hostName, int portNumber) {
            this.host = Optional.ofNullable(hostName);
            this.port = portNumber;
            return this;
        }

        /**
         * Sets the health endpoint's path, appended to the URL or host and port. Default: {@code /health}, or
         * nothing when the URL has a path of its own.
         *
         * @param value a path starting with {@code /}, or empty
         * @return this builder
         */
        public Builder healthEndpoint(String value) {
            this.healthEndpoint = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the timeout of one attempt.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * Sets how many attempts follow a failed one.
         *
         * @param value 0 to 10
         * @return this builder
         */
        public Builder retryAttempts(int value) {
            this.retryAttempts = value;
            return this;
        }

        /**
         * Sets the check interval.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /**
         * Marks the service critical.
         *
         * @param value whether it is
         * @return this builder
         */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /**
         * Adds dependencies.
         *
         * @param names the services it depends on
         * @return this builder
         */
        public Builder dependsOn(String... names) {
            this.dependsOn.addAll(List.of(names));
            return this;
        }

        /**
         * Adds tags.
         *
         * @param values the tags
         * @return this builder
         */
        public Builder tags(String... values) {
            this.tags.addAll(List.of(values));
            return this;
        }

        /**
         * Sets the expectations.
         *
         * @param value what a healthy answer looks like
         * @return this builder
         */
        public Builder expect(Expectations value) {
            this.expect = value;
            return this;
        }

        /**
         * Sets per-service thresholds.
         *
         * @param value the thresholds
         * @return this builder
         */
        public Builder thresholds(Thresholds value) {
            this.thresholds = Optional.ofNullable(value);
            return this;
        }

        /**
         * Sets the service's objectives (its SLA).
         *
         * @param value the objectives, or null for none
         * @return this builder
         */
        public Builder objectives(Objectives value) {
            this.objectives = Optional.ofNullable(value);
            return this;
        }

        /**
         * Lets the engine restart the service by itself.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder autoRestart(RestartPolicy value) {
            this.autoRestart = Optional.ofNullable(value);
            return this;
        }

        /**
         * Adds a plugin-specific setting.
         *
         * @param key the setting's name
         * @param value its value
         * @return this builder
         */
        public Builder setting(String key, String value) {
            this.settings.put(key, value);
            return this;
        }

        /**
         * Builds and validates the definition.
         *
         * @return the definition
         * @throws IllegalArgumentException naming the bad field
         */
        public ServiceDefinition build() {
            // A URL with a path is the health endpoint itself; without one it gets /health.
            String endpoint = healthEndpoint.orElseGet(() -> url.map(URI::getRawPath)
                    .filter(path -> !path.isEmpty() && !path.equals("/")).isPresent() ? "" : "/health");
            return new ServiceDefinition(name, kind, url, host, port, endpoint, timeout, retryAttempts, interval,
                    critical, dependsOn, tags, expect, thresholds, autoRestart, settings, objectives);
        }
    }
}
