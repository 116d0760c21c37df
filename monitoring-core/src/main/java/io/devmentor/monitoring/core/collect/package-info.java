/**
 * Collection: the rounds that run the metrics collectors, and the watch on the system thresholds.
 */
package io.devmentor.monitoring.core.collect;
