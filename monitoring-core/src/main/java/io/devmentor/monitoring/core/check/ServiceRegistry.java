package io.devmentor.monitoring.core.check;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.ServiceDiscovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched services, each with its monitor: the configured ones, and those the discoveries report, which
 * come and go. Reads take no lock; changes are made under one.
 */
public final class ServiceRegistry {

    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private final Map<String, HealthChecker> checkers;
    private final Thresholds thresholds;
    // Copy-on-write: read on every request, changed only when a discovery reports, under lock.
    private volatile Map<String, ServiceMonitor> monitors = Map.of();
    private final Object lock = new Object();
    // Guarded by lock.
    private final Map<String, String> discoveredBy = new HashMap<>();
    private @Nullable EngineContext engine;
    /** The rate, at most, of the first checks of services started together (when their intervals allow). */
    static final int FIRST_CHECKS_PER_SECOND = 1000;
    private boolean started;
    private boolean stopped;

    public ServiceRegistry(Map<String, HealthChecker> checkers, Thresholds thresholds) {
        this.checkers = Collections.unmodifiableMap(new LinkedHashMap<>(checkers));
        this.thresholds = thresholds;
    }

    /** Creates the monitors of the configured services, which check through {@code context}. */
    public void configure(List<ServiceDefinition> services, EngineContext context) {
        synchronized (lock) {
            this.engine = context;
            Map<String, ServiceMonitor> configured = new LinkedHashMap<>();
            for (ServiceDefinition service : services) {
                if (configured.containsKey(service.name())) {
                    throw new ConfigurationException("services." + service.name() + ": defined twice");
                }
                configured.put(service.name(), newMonitor(service));
            }
            monitors = Collections.unmodifiableMap(configured);
        }
    }

    /**
     * Starts every service, their first checks spread over 2 s, or, for a fleet of more than
     * {@value #FIRST_CHECKS_PER_SECOND}, over as long as it takes at that rate (each within its interval): 10,000
     * services first checked within 2 s would open 5,000 connections a second, and the targets' accept queues
     * would overflow into time-outs that are not the targets' fault.
     */
    public void start() {
        synchronized (lock) {
            started = true;
            Duration spread = firstChecksSpread(monitors.size());
            monitors.values().forEach(monitor -> monitor.start(spread));
        }
    }

    /**
     * The services this instance has just taken over from another member of the cluster: each is next checked an
     * interval after that member's last check of it, and those overdue are spread as first checks are.
     */
    public void takenOver(List<String> names) {
        Duration spread = firstChecksSpread(names.size());
        names.forEach(name -> monitor(name).ifPresent(monitor -> monitor.takeOver(spread)));
    }

    static Duration firstChecksSpread(int services) {
        return Duration.ofMillis(Math.max(2_000, 1_000L * services / FIRST_CHECKS_PER_SECOND));
    }

    public void stop() {
        synchronized (lock) {
            stopped = true;
            monitors.values().forEach(ServiceMonitor::stop);
        }
    }

    public Optional<ServiceMonitor> monitor(String name) {
        return Optional.ofNullable(monitors.get(name));
    }

    /** The definition of a configured or discovered service. */
    public Optional<ServiceDefinition> definition(String name) {
        return monitor(name).map(ServiceMonitor::definition);
    }

    public boolean contains(String name) {
        return monitors.containsKey(name);
    }

    public Set<String> names() {
        return monitors.keySet();
    }

    public int size() {
        return monitors.size();
    }

    /** Every service's current state, in configuration order, discovered ones after. */
    public List<ServiceState> states() {
        Map<String, ServiceMonitor> current = monitors;
        List<ServiceState> states = new ArrayList<>(current.size());
        current.values().forEach(m -> states.add(m.state()));
        return states;
    }

    /** A check now of a watched service, whose outcome goes the usual way; nothing for an unknown one. */
    public void checkSoon(String name) {
        monitor(name).ifPresent(ServiceMonitor::checkNow);
    }

    /**
     * The listener of one discovery.
     *
     * @param source the discovery's name
     * @param publish where the {@code service.added} and {@code service.removed} events go
     * @param dropped told of each service the discovery no longer reports, once it is no longer watched
     */
    public ServiceDiscovery.Listener discoveryListener(String source, Consumer<MonitoringEvent> publish,
            Consumer<String> dropped) {
        return new DiscoveryListener(source, publish, dropped);
    }

    /** The context the monitors check through; services are added only once it is configured. */
    private EngineContext engine() {
        EngineContext context = engine;
        if (context == null) {
            throw new IllegalStateException("the services are not configured yet");
        }
        return context;
    }

    private ServiceMonitor newMonitor(ServiceDefinition service) {
        HealthChecker checker = checkers.get(service.kind());
        String reason = checker != null ? "" : "no health checker of kind '" + service.kind()
                + "' is installed (installed: " + String.join(", ", checkers.keySet()) + ")";
        if (checker == null) {
            log.warn("{}: {}", service.name(), reason);
        }
        return new ServiceMonitor(service, Optional.ofNullable(checker), reason, thresholds, engine());
    }

    /** Applies what one discovery reports: watches its new services, stops its vanished ones. */
    private final class DiscoveryListener implements ServiceDiscovery.Listener {
        private final String source;
        private final Consumer<MonitoringEvent> publish;
        private final Consumer<String> dropped;
        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        DiscoveryListener(String source, Consumer<MonitoringEvent> publish, Consumer<String> dropped) {
            this.source = source;
            this.publish = publish;
            this.dropped = dropped;
        }

        @Override
        public void servicesChanged(List<ServiceDefinition> services) {
            List<MonitoringEvent> changes = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            synchronized (lock) {
                if (stopped) {
                    return;
                }
                Map<String, ServiceDefinition> wanted = new LinkedHashMap<>();
                for (ServiceDefinition service : services) {
                    String owner = discoveredBy.get(service.name());
                    boolean taken = monitors.containsKey(service.name()) && !source.equals(owner);
                    if (taken || wanted.putIfAbsent(service.name(), service) != null) {
                        if (refused.add(service.name())) {
                            log.warn("discovery {}: a service named '{}' exists already; the discovered one is"
                                    + " ignored", source, service.name());
                        }
                    }
                }
                Map<String, ServiceMonitor> next = new LinkedHashMap<>(monitors);
                List<ServiceMonitor> toStart = new ArrayList<>();
                for (Map.Entry<String, ServiceMonitor> entry : monitors.entrySet()) {
                    String name = entry.getKey();
                    ServiceDefinition now = wanted.get(name);
                    if (!source.equals(discoveredBy.get(name))
                            || entry.getValue().definition().equals(now)) {
                        continue;
                    }
                    // Stopped before its successor exists: the successor registers the same meters.
                    entry.getValue().stop();
                    next.remove(name);
                    if (now == null) {
                        discoveredBy.remove(name);
                        removed.add(name);
                        changes.add(change(EventTypes.SERVICE_REMOVED, entry.getValue().definition()));
                    }
                }
                for (ServiceDefinition service : wanted.values()) {
                    if (!next.containsKey(service.name())) {
                        ServiceMonitor monitor = newMonitor(service);
                        next.put(service.name(), monitor);
                        toStart.add(monitor);
                        if (discoveredBy.put(service.name(), source) == null) {
                            changes.add(change(EventTypes.SERVICE_ADDED, service));
                        }
                    }
                }
                monitors = Collections.unmodifiableMap(next);
                if (started) {
                    Duration spread = firstChecksSpread(toStart.size());
                    toStart.forEach(monitor -> monitor.start(spread));
                }
            }
            removed.forEach(dropped);
            changes.forEach(publish);
        }

        private MonitoringEvent change(String type, ServiceDefinition service) {
            log.info("discovery {}: {} {} ({})", source, type.equals(EventTypes.SERVICE_ADDED) ? "watching"
                    : "no longer watching", service.name(), service.kind());
            return MonitoringEvent.of(type, service.name(), engine().clock().instant(), Severity.INFO,
                    Map.of("service", service.name(), "kind", service.kind(), "discovery", source));
        }

        @Override
        public void checkNow(String service) {
            checkSoon(service);
        }
    }
}
