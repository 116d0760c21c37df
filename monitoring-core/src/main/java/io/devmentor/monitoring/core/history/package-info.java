/**
 * Persistence of the metric history: samples and check outcomes to the history store.
 */
package io.devmentor.monitoring.core.history;
