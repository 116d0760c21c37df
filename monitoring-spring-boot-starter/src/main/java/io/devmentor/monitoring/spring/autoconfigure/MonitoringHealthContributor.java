package io.devmentor.monitoring.spring.autoconfigure;

import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.ServiceState;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

/**
 * The engine's services in {@code /actuator/health}, under {@code monitoring}: one component each, UP, DOWN,
 * {@value #DEGRADED} or UNKNOWN as the engine last found it, with its last check's message and time. The set follows
 * the engine's (discovery adds and removes services). Put it in a group of its own with
 * {@code management.endpoint.health.group.monitoring.include=monitoring}.
 */
final class MonitoringHealthContributor implements CompositeHealthContributor {

    static final String DEGRADED = "DEGRADED";
    private final Monitoring monitoring;

    MonitoringHealthContributor(Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return monitoring.service(name).isPresent() ? indicator(name) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return monitoring.services().stream().map(ServiceState::name)
                .map(name -> NamedContributor.of(name, (HealthContributor) indicator(name))).iterator();
    }

    private HealthIndicator indicator(String name) {
        return () -> monitoring.service(name).map(MonitoringHealthContributor::health)
                .orElseGet(() -> Health.unknown().withDetail("reason", "no longer watched").build());
    }

    private static Health health(ServiceState state) {
        Health.Builder builder = switch (state.status()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            case DEGRADED -> Health.status(new Status(DEGRADED));
            default -> Health.unknown();
        };
        state.lastResult().ifPresent(result -> builder.withDetail("message", result.message())
                .withDetail("checkedAt", result.checkedAt().toString())
                .withDetail("responseTimeMs", result.latency().toMillis()));
        return builder.withDetail("since", state.since().toString()).build();
    }
}
