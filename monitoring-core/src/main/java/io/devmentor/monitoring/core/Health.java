package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.HealthStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's overall health, as a composite of its services (the way Spring Boot Actuator composes health
 * contributors): {@code DOWN} when a critical service is down, {@code DEGRADED} when any service is down or
 * degraded, {@code UNKNOWN} while no service has been checked, otherwise {@code UP}.
 *
 * @param status the overall status
 * @param components each service's status, by name, in the engine's order
 */
public record Health(HealthStatus status, Map<String, HealthStatus> components) {

    /** Validates and copies the components. */
    public Health {
        Objects.requireNonNull(status, "status");
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /**
     * Composes the health of some services.
     *
     * @param services their states
     * @return the composite
     */
    static Health of(Collection<ServiceState> services) {
        Map<String, HealthStatus> components = new LinkedHashMap<>();
        boolean criticalDown = false;
        boolean impaired = false;
        boolean checked = services.isEmpty();
        for (ServiceState state : services) {
            components.put(state.definition().name(), state.status());
            criticalDown |= state.status() == HealthStatus.DOWN && state.definition().critical();
            impaired |= state.status() == HealthStatus.DOWN || state.status() == HealthStatus.DEGRADED;
            checked |= state.status() != HealthStatus.UNKNOWN;
        }
        HealthStatus status = criticalDown ? HealthStatus.DOWN : impaired ? HealthStatus.DEGRADED
                : checked ? HealthStatus.UP : HealthStatus.UNKNOWN;
        return new Health(status, components);
    }
}
