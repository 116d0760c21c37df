package io.devmentor.monitoring.core.incident;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dependency policy: which active outage likely caused a service's outage (the root of the first chain among
 * its dependencies), and which outages a new one explains. It decides only; the incident stage records.
 */
final class DependencyChain {

    /** Deeper chains are cycles or mistakes in the services file; they stop here. */
    private static final int MAX_DEPTH = 32;

    private final Function<String, Optional<ServiceDefinition>> services;

    DependencyChain(Function<String, Optional<ServiceDefinition>> services) {
        this.services = services;
    }

    /**
     * The likely cause of a service's outage: the root of the chain of the first dependency, nearest first, that
     * has an active outage.
     *
     * @param outageOf a service's active outage incident, or null
     * @param active the active incidents by id
     */
    Optional<Incident> rootCause(ServiceDefinition service, Function<String, Incident> outageOf,
            Map<String, Incident> active) {
        return rootCause(service, outageOf, active, 0);
    }

    private Optional<Incident> rootCause(ServiceDefinition service, Function<String, Incident> outageOf,
            Map<String, Incident> active, int depth) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        for (String dependency : service.dependsOn()) {
            Incident incident = outageOf.apply(dependency);
            if (incident != null) {
                return Optional.of(root(incident, active));
            }
            Optional<ServiceDefinition> further = services.apply(dependency);
            if (further.isPresent()) {
                Optional<Incident> deeper = rootCause(further.get(), outageOf, active, depth + 1);
                if (deeper.isPresent()) {
                    return deeper;
                }
            }
        }
        return Optional.empty();
    }

    /** The incident at the end of an incident's chain of causes, among the active ones. */
    Incident root(Incident incident, Map<String, Incident> active) {
        Incident current = incident;
        for (int depth = 0; depth < MAX_DEPTH && current.causedBy().isPresent(); depth++) {
            Incident parent = active.get(current.causedBy().get());
            if (parent == null) {
                break;
            }
            current = parent;
        }
        return current;
    }

    /**
     * The outages a new one explains: those of services that depend on its service, directly or not, that are
     * not linked to the root of its chain yet.
     *
     * @param outages the active outage incidents
     */
    List<Incident> explainedBy(Incident cause, Incident root, Collection<Incident> outages) {
        List<Incident> explained = new ArrayList<>();
        for (Incident other : outages) {
            if (other.id().equals(cause.id()) || other.causedBy().equals(Optional.of(root.id()))) {
                continue;
            }
            Optional<ServiceDefinition> service = services.apply(other.service());
            if (service.isPresent() && dependsOn(service.get(), cause.service(), 0)) {
                explained.add(other);
            }
        }
        return explained;
    }

    private boolean dependsOn(ServiceDefinition service, String target, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (String dependency : service.dependsOn()) {
            if (dependency.equals(target)) {
                return true;
            }
            Optional<ServiceDefinition> next = services.apply(dependency);
            if (next.isPresent() && dependsOn(next.get(), target, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
