/**
 * The public value types and the plugin SPI of DevMentor Monitoring.
 *
 * <p>This module depends on the JDK only, so that a plugin can be written against it without
 * pulling in the engine.
 */
module io.devmentor.monitoring.api {
    exports io.devmentor.monitoring.api;
    exports io.devmentor.monitoring.spi;
}
