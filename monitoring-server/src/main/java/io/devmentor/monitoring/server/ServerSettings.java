package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own settings, which the engine knows nothing of, from the seed's environment variables.
 * {@link #toString()} never shows a token, only the names of their holders.
 *
 * @param port {@code PORT}, default 3006: REST, WebSocket, Socket.IO and {@code /metrics}
 * @param nodeEnv {@code NODE_ENV}, default {@code production}
 * @param frontendUrl {@code FRONTEND_URL}, default {@code http://localhost:3001}: the origin CORS and WebSocket
 *     handshakes allow
 * @param apiTokens {@code MONITORING_API_TOKENS} and {@code MONITORING_API_TOKEN} (secrets): the bearer tokens
 *     mutating routes require, by the name of who holds each
 * @param prometheusPort {@code PROMETHEUS_PORT}, default 9090: where the Prometheus server runs
 * @param prometheusScrapeInterval {@code PROMETHEUS_SCRAPE_INTERVAL}, default 15s
 */
record ServerSettings(int port, String nodeEnv, String frontendUrl, Map<String, String> apiTokens, int prometheusPort,
        Duration prometheusScrapeInterval) {

    private static final Pattern PROMETHEUS_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    ServerSettings {
        requirePort("PORT", port);
        requirePort("PROMETHEUS_PORT", prometheusPort);
        Objects.requireNonNull(nodeEnv, "nodeEnv");
        Objects.requireNonNull(frontendUrl, "frontendUrl");
        apiTokens = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apiTokens));
        Objects.requireNonNull(prometheusScrapeInterval, "prometheusScrapeInterval");
    }

    /**
     * Reads the settings; a bad value is refused with a message that names it.
     *
     * @throws ConfigurationException naming the bad setting
     */
    static ServerSettings fromEnvironment(Map<String, String> env) {
        return new ServerSettings(EnvironmentNumbers.whole(env, "PORT", 3006),
                text(env, "NODE_ENV").orElse("production"), text(env, "FRONTEND_URL").orElse("http://localhost:3001"),
                ApiTokens.fromEnvironment(env), EnvironmentNumbers.whole(env, "PROMETHEUS_PORT", 9090),
                prometheusDuration(env, "PROMETHEUS_SCRAPE_INTERVAL", Duration.ofSeconds(15)));
    }

    /**
     * The address the server listens on: {@code HOST}, default {@code 0.0.0.0} (every interface);
     * {@code 127.0.0.1} keeps it to this machine.
     *
     * @throws ConfigurationException when it is not an address of this machine's
     */
    static String bindAddress(Map<String, String> env) {
        String host = text(env, "HOST").orElse("0.0.0.0");
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(host);
            if (!address.isAnyLocalAddress() && java.net.NetworkInterface.getByInetAddress(address) == null) {
                throw new ConfigurationException("HOST must be an address of this machine, was '" + host + "'");
            }
        } catch (java.net.UnknownHostException | java.net.SocketException e) {
            throw new ConfigurationException("HOST must be an address of this machine, was '" + host + "': "
                    + e.getMessage());
        }
        return host;
    }

    @Override
    public String toString() {
        return "ServerSettings[port=" + port + ", nodeEnv=" + nodeEnv + ", frontendUrl=" + frontendUrl
                + ", apiTokens=" + apiTokens.keySet() + " (***), prometheusPort=" + prometheusPort
                + ", prometheusScrapeInterval=" + prometheusScrapeInterval + "]";
    }

    private static Optional<String> text(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(name + " must be 0–65535, was " + port);
        }
    }

    private static Duration prometheusDuration(Map<String, String> env, String key, Duration fallback) {
        String value = text(env, key).orElse(null);
        if (value == null) {
            return fallback;
        }
        Matcher m = PROMETHEUS_DURATION.matcher(value);
        if (!m.matches()) {
            throw new ConfigurationException(key + " must be a duration such as 15s, 500ms or 1m, was '" + value + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }
}
