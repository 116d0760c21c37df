/**
 * The algorithms of detection and ranking, free of the engine: the streaming anomaly detector and the ranking of
 * root causes. Exported to the server and the benchmarks only.
 */
package io.devmentor.monitoring.core.analysis;
