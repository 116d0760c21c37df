/**
 * The reference server: {@link io.devmentor.monitoring.server.MonitoringServer} serves the REST routes, the
 * WebSocket stream at {@code /ws} and Prometheus' {@code /metrics} on one port.
 */
package io.devmentor.monitoring.server;
