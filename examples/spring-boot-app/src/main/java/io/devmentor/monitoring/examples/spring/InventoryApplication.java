package io.devmentor.monitoring.examples.spring;

import io.devmentor.monitoring.api.MonitoringEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An application with a health indicator of its own (the warehouse it depends on): the starter watches it as a
 * service, and the application hears the engine's events as Spring events.
 */
@SpringBootApplication
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }

    /** Whether the warehouse answers; a stand-in for a real dependency's check. */
    @Bean
    AtomicBoolean warehouseUp() {
        return new AtomicBoolean(true);
    }

    @Bean
    HealthIndicator warehouseHealthIndicator(AtomicBoolean warehouseUp) {
        return () -> warehouseUp.get() ? Health.up().withDetail("latencyMs", 3).build()
                : Health.down().withDetail("error", "connection refused").build();
    }

    /** What the application does with the engine's events: here, it keeps the outages. */
    @Component
    static class Outages {
        final List<MonitoringEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(MonitoringEvent event) {
            if (event.type().equals("service.down") || event.type().equals("service.up")) {
                seen.add(event);
            }
        }
    }
}
