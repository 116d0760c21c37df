/**
 * Notifications: who is told of an incident's changes, when, through which channel, with retries and escalation.
 */
package io.devmentor.monitoring.core.notify;
