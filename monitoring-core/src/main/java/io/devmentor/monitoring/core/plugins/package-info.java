/**
 * The built-in plugins: the HTTP and TCP health checkers, the system metrics collector and the
 * in-process event transport. Not exported: they are found through {@link java.util.ServiceLoader} like any
 * third-party plugin.
 */
package io.devmentor.monitoring.core.plugins;
