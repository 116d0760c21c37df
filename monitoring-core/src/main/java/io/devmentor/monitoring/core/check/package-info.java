/**
 * Checks: the registry of configured and discovered services, and one monitor a service that schedules its checks,
 * retries them, bounds them in time and keeps its state.
 */
package io.devmentor.monitoring.core.check;
