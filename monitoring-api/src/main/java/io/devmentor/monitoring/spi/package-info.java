/**
 * The plugin SPI. Each extension point has a provider interface, found with {@link java.util.ServiceLoader}:
 * a provider names itself, says whether it can run with the configuration it is given, and creates the
 * plugin. A provider that cannot run says why, and the engine goes on without it.
 *
 * <p>Declare a provider twice: {@code provides … with …} in {@code module-info.java}, and a line in
 * {@code META-INF/services/<provider interface>}, so that it is found on the module path, the class path
 * and in a fat jar.
 */
package io.devmentor.monitoring.spi;
