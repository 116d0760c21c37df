/** The {@code email} notifier, found through {@link java.util.ServiceLoader}. */
package io.devmentor.monitoring.mail;
