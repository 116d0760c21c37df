/**
 * Events: the event processor (aggregation, history, one queue a subscriber), the event rules, and the host's
 * listeners.
 */
package io.devmentor.monitoring.core.event;
