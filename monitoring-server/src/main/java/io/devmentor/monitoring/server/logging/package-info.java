/** The server's logging set-up, found by logback through {@link java.util.ServiceLoader}; not an API. */
package io.devmentor.monitoring.server.logging;
