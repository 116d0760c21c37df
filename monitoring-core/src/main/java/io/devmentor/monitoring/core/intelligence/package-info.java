/**
 * Intelligence: the prediction rounds, the SLA tracker, patterns, and the analyst that explains incidents.
 */
package io.devmentor.monitoring.core.intelligence;
