/**
 * The reference server of DevMentor Monitoring: REST, WebSocket and Prometheus on one port, with
 * {@link io.devmentor.monitoring.server.Main} as its entry point and
 * {@link io.devmentor.monitoring.server.MonitoringServer} for hosts that embed it.
 */
module io.devmentor.monitoring.server {
    requires transitive io.devmentor.monitoring.core;
    requires io.devmentor.monitoring.json;
    requires static org.jspecify;
    requires micrometer.registry.prometheus;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.autoconfigure;
    requires io.opentelemetry.sdk.common;
    requires org.glassfish.grizzly;
    requires org.glassfish.grizzly.http;
    requires org.glassfish.grizzly.http.server;
    requires org.glassfish.grizzly.servlet;
    requires jakarta.servlet;
    requires engine.io.server;
    requires socket.io.server;
    requires org.json;
    requires org.glassfish.tyrus.core;
    requires org.glassfish.tyrus.server;
    requires org.glassfish.tyrus.spi;
    requires org.glassfish.tyrus.container.grizzly.server;
    requires jakarta.websocket;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.github.victools.jsonschema.generator;
    requires com.fasterxml.classmate;
    requires com.github.victools.jsonschema.module.jackson;
    requires org.slf4j;
    requires jul.to.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires logstash.logback.encoder;
    requires java.logging;
    requires java.net.http;

    exports io.devmentor.monitoring.server;
    // The server's logging, set up in code (see LoggingConfigurator).
    provides ch.qos.logback.classic.spi.Configurator with io.devmentor.monitoring.server.logging.LoggingConfigurator;
    // Tyrus calls the WebSocket endpoint reflectively; Jackson reads the answers' records and victools their schemas.
    opens io.devmentor.monitoring.server to org.glassfish.tyrus.core, com.fasterxml.jackson.databind,
            com.github.victools.jsonschema.generator;
}
