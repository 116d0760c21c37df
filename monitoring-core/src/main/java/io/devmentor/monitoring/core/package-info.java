/**
 * The engine's public face: {@link io.devmentor.monitoring.core.Monitoring} and its builder, the
 * configuration, and the read-only views of services, system metrics and events.
 */
package io.devmentor.monitoring.core;
