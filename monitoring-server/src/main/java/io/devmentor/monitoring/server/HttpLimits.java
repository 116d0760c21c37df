package io.devmentor.monitoring.server;

import java.time.Duration;
import java.util.Map;

/**
 * The limits of the server's HTTP edge, so that slow or hostile clients cannot hold what others need.
 *
 * @param workers {@code MONITORING_HTTP_WORKERS}, default 32: threads that run requests
 * @param writeTimeout {@code MONITORING_HTTP_WRITE_TIMEOUT}, default 2000 ms: how long a request's thread waits
 *     for a client that does not read its answer before the connection is closed
 * @param readTimeout {@code MONITORING_HTTP_READ_TIMEOUT}, default 10000 ms: how long it waits for the next part of a
 *     request's body
 * @param idleTimeout {@code MONITORING_HTTP_IDLE_TIMEOUT}, default 30000 ms: how long a connection may send nothing,
 *     once opened or after its last answer, before it is closed (WebSocket connections have their own)
 * @param requestTimeout {@code MONITORING_HTTP_REQUEST_TIMEOUT}, default 10000 ms: how long a request's headers and
 *     body may take to arrive from its first byte, however they trickle, before the connection is closed
 * @param maxConnectionsPerClient {@code MONITORING_HTTP_MAX_CONNECTIONS_PER_CLIENT}, default 32: connections from
 *     one address; more get 503
 * @param maxConnections {@code MONITORING_HTTP_MAX_CONNECTIONS}, default 10000: connections from everyone; more
 *     are closed at once
 */
record HttpLimits(int workers, Duration writeTimeout, Duration readTimeout, Duration idleTimeout,
        Duration requestTimeout, int maxConnectionsPerClient, int maxConnections) {

    static HttpLimits fromEnvironment(Map<String, String> env) {
        return new HttpLimits((int) Math.min(1024, EnvironmentNumbers.positive(env, "MONITORING_HTTP_WORKERS", 32)),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "MONITORING_HTTP_WRITE_TIMEOUT", 2000)),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "MONITORING_HTTP_READ_TIMEOUT", 10_000)),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "MONITORING_HTTP_IDLE_TIMEOUT", 30_000)),
                Duration.ofMillis(EnvironmentNumbers.positive(env, "MONITORING_HTTP_REQUEST_TIMEOUT", 10_000)),
                (int) Math.min(Integer.MAX_VALUE, EnvironmentNumbers.positive(env, "MONITORING_HTTP_MAX_CONNECTIONS_PER_CLIENT", 32)),
                (int) Math.min(Integer.MAX_VALUE, EnvironmentNumbers.positive(env, "MONITORING_HTTP_MAX_CONNECTIONS", 10_000)));
    }
}
