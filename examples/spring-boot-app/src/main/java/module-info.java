/** A Spring Boot application that uses the starter: Spring reads its configuration and beans by reflection. */
module io.devmentor.monitoring.examples.spring {
    requires io.devmentor.monitoring.spring;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.boot.actuator;
    requires spring.context;

    opens io.devmentor.monitoring.examples.spring to spring.core, spring.beans, spring.context;
}
