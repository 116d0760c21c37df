/**
 * Immutable value types shared by the engine, the server and plugins: events, service definitions,
 * check results, metric samples, incidents and predictions.
 */
package io.devmentor.monitoring.api;
