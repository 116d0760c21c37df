package io.devmentor.monitoring.docker;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.PluginContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The adapter's settings, from the engine's configuration.
 *
 * @param host {@code DOCKER_HOST}: {@code unix:///var/run/docker.sock} (the default) or {@code tcp://host:2375}
 * @param containers {@code DOCKER_CONTAINERS}: names of containers to watch besides the labelled ones
 * @param restartAllowed {@code DOCKER_RESTART_ALLOWED}: the services or containers that may be restarted;
 *     {@code *} for every watched one; empty (the default) for none
 * @param checkInterval how often a container's state is checked: {@code DOCKER_CHECK_INTERVAL}, else
 *     {@code HEALTH_CHECK_INTERVAL}, else 10 s; a container's {@code devmentor.interval} label overrides it
 * @param resyncInterval how often the list of containers is read again, as a safety net under the event stream
 */
record DockerSettings(URI host, Set<String> containers, Set<String> restartAllowed, Duration checkInterval,
        Duration resyncInterval) {

    static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    static final String MONITOR_LABEL = "devmentor.monitor";
    static final String SERVICE_LABEL = "devmentor.service";
    /** The setting of a service that names its container. */
    static final String CONTAINER_SETTING = "container";

    DockerSettings {
        containers = Set.copyOf(containers);
        restartAllowed = Set.copyOf(restartAllowed);
    }

    static DockerSettings from(PluginContext context) {
        Duration check = millis(context, "DOCKER_CHECK_INTERVAL")
                .or(() -> millis(context, "HEALTH_CHECK_INTERVAL")).orElse(Duration.ofSeconds(10));
        return new DockerSettings(host(context), names(context, "DOCKER_CONTAINERS"),
                names(context, "DOCKER_RESTART_ALLOWED"), check,
                millis(context, "DOCKER_RESYNC_INTERVAL").orElse(Duration.ofSeconds(60)));
    }

    /**
     * Whether the Docker API can be reached where the settings say; when not, what to do about it (the first
     * trouble people meet: a socket that is not mounted, or not theirs).
     */
    static Availability availability(PluginContext context) {
        URI host;
        try {
            host = host(context);
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(String.valueOf(e.getMessage()));
        }
        if (!"unix".equals(host.getScheme())) {
            return Availability.AVAILABLE;
        }
        Path socket = Path.of(host.getPath());
        if (!Files.exists(socket)) {
            String reason = "no Docker socket at " + socket + ": start Docker, mount the socket"
                    + " into this container (-v /var/run/docker.sock:/var/run/docker.sock), or set DOCKER_HOST"
                    + " (unix:///path/to/docker.sock or tcp://host:2375, such as a socket proxy)";
            // Without DOCKER_HOST, nobody asked for Docker: the default socket is simply not there.
            return context.setting("DOCKER_HOST").isPresent() ? Availability.unavailable(reason)
                    : Availability.notRequested(reason);
        }
        if (!Files.isReadable(socket) || !Files.isWritable(socket)) {
            return Availability.unavailable("no permission on the Docker socket " + socket + ": run as a member of"
                    + " the socket's group (docker), or set DOCKER_HOST to a socket proxy that allows only the"
                    + " calls this adapter makes (docs/operations.md); do not make the socket world-writable");
        }
        return Availability.AVAILABLE;
    }

    /** Whether the service, or its container, may be restarted. */
    boolean mayRestart(String service, String container) {
        return restartAllowed.contains("*") || restartAllowed.contains(service) || restartAllowed.contains(container);
    }

    private static URI host(PluginContext context) {
        String value = context.setting("DOCKER_HOST").filter(s -> !s.isBlank()).orElse(DEFAULT_HOST).trim();
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port,"
                    + " was '" + value + "'");
        }
        boolean unix = "unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty();
        boolean tcp = "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0;
        if (!unix && !tcp) {
            throw new IllegalArgumentException("DOCKER_HOST must be unix:///path/to/docker.sock or tcp://host:port,"
                    + " was '" + value + "'");
        }
        return uri;
    }

    private static Set<String> names(PluginContext context, String key) {
        return context.setting(key).map(value -> Arrays.stream(value.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet())).orElse(Set.of());
    }

    private static Optional<Duration> millis(PluginContext context, String key) {
        return context.setting(key).filter(s -> !s.isBlank()).map(value -> {
            try {
                long ms = Long.parseLong(value.trim());
                if (ms < 100 || ms > 86_400_000) {
                    throw new IllegalArgumentException(key + " must be 100–86400000 ms, was " + ms);
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number of milliseconds, was '" + value + "'");
            }
        });
    }
}
