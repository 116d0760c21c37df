package io.devmentor.monitoring.server;

import java.time.Duration;
import java.util.Map;

/**
 * Socket.IO's settings, with the defaults of the Socket.IO project's own servers.
 *
 * @param pingInterval {@code SOCKET_IO_PING_INTERVAL}, default 25000 ms: how often the server pings
 * @param pingTimeout {@code SOCKET_IO_PING_TIMEOUT}, default 20000 ms: how long it waits for the pong
 * @param connectTimeout {@code SOCKET_IO_CONNECT_TIMEOUT}, default 45000 ms: how long a client may take to join a
 *     namespace after its handshake before it is closed
 * @param maxPayloadBytes {@code SOCKET_IO_MAX_PAYLOAD}, default 1000000: the largest message a client may send
 *     (a WebSocket frame or a polling request's body)
 * @param maxSessions how many Engine.IO sessions may be open at once; a handshake beyond it is refused
 */
record SocketIoSettings(Duration pingInterval, Duration pingTimeout, Duration connectTimeout, int maxPayloadBytes,
        int maxSessions) {

    static final SocketIoSettings DEFAULTS = new SocketIoSettings(Duration.ofSeconds(25), Duration.ofSeconds(20),
            Duration.ofSeconds(45), 1_000_000, 10_000);

    SocketIoSettings {
        EnvironmentNumbers.requirePositive("SOCKET_IO_PING_INTERVAL", pingInterval.toMillis());
        EnvironmentNumbers.requirePositive("SOCKET_IO_PING_TIMEOUT", pingTimeout.toMillis());
        EnvironmentNumbers.requirePositive("SOCKET_IO_CONNECT_TIMEOUT", connectTimeout.toMillis());
        EnvironmentNumbers.requirePositive("SOCKET_IO_MAX_PAYLOAD", maxPayloadBytes);
        EnvironmentNumbers.requirePositive("maxSessions", maxSessions);
    }

    /** Reads the settings from the environment, each falling back to its default. */
    static SocketIoSettings fromEnvironment(Map<String, String> env) {
        return new SocketIoSettings(
                Duration.ofMillis(EnvironmentNumbers.positive(env, "SOCKET_IO_PING_INTERVAL", DEFAULTS.pingInterval.toMillis())),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "SOCKET_IO_PING_TIMEOUT", DEFAULTS.pingTimeout.toMillis())),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "SOCKET_IO_CONNECT_TIMEOUT", DEFAULTS.connectTimeout.toMillis())),
                (int) Math.min(Integer.MAX_VALUE - 1024, EnvironmentNumbers.positive(env, "SOCKET_IO_MAX_PAYLOAD", DEFAULTS.maxPayloadBytes)),
                DEFAULTS.maxSessions);
    }
}
