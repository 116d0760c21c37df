/** The {@code system} metrics collector, found through {@link java.util.ServiceLoader}. */
package io.devmentor.monitoring.oshi;
