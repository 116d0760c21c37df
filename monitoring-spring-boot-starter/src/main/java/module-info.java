/**
 * The Spring Boot starter of DevMentor Monitoring: auto-configuration of the engine on the application's meter
 * registry, its health indicators as checks, the engine's services as health components, events as application events.
 */
module io.devmentor.monitoring.spring {
    requires transitive io.devmentor.monitoring.core;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires static spring.boot.actuator;
    requires static org.jspecify;

    exports io.devmentor.monitoring.spring;
    // Spring reads the configuration classes and binds the properties by reflection; they are not API.
    opens io.devmentor.monitoring.spring.autoconfigure to spring.core, spring.beans, spring.context, spring.boot;
}
