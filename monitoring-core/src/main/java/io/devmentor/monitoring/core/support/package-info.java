/**
 * Means the stages share: the engine's threads, mailboxes, periodic tasks and plugin discovery.
 */
package io.devmentor.monitoring.core.support;
