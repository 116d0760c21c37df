/**
 * Containers as services, on the Docker Engine API. The providers are public because {@link java.util.ServiceLoader}
 * instantiates them; everything else is package-private.
 */
package io.devmentor.monitoring.docker;
