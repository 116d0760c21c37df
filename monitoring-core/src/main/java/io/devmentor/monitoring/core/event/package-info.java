/**
 * Events: the event processor (aggregation, history, one queue a subscriber) and the event rules.
 */
package io.devmentor.monitoring.core.event;
