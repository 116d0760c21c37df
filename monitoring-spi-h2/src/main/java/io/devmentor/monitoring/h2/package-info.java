/** The {@code h2} incident, event and metric history stores, found through {@link java.util.ServiceLoader}. */
package io.devmentor.monitoring.h2;
