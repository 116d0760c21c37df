/**
 * Incidents: their lifecycle and detection, the auto-response that restarts services, and the feed on which every
 * change is published once.
 */
package io.devmentor.monitoring.core.incident;
