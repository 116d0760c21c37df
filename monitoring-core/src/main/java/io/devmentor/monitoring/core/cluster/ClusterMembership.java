package io.devmentor.monitoring.core.cluster;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.SharedServiceState;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.check.ServiceRegistry;
import io.devmentor.monitoring.core.pipeline.Checked;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.spi.Cluster;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This engine's place among the instances of its cluster: which services it checks (rendezvous hashing over
 * the live members), the results it shares and receives, and the claims that keep a piece of work to one
 * member. Without a cluster it is alone and owns everything.
 */
public final class ClusterMembership implements Coordination {

    private static final Logger log = LoggerFactory.getLogger(ClusterMembership.class);
    /** How long a joining instance waits to hear of the others before it checks. */
    private static final Duration FIRST_MEMBERS_WAIT = Duration.ofSeconds(3);

    private final Optional<Cluster> cluster;
    private final ServiceRegistry services;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final Counter pluginErrors;
    private final String selfId;
    // The live members, sorted; just this instance until the cluster says otherwise.
    private volatile List<String> members;
    private final java.util.concurrent.CountDownLatch firstMembers = new java.util.concurrent.CountDownLatch(1);

    public ClusterMembership(Optional<Cluster> cluster, ServiceRegistry services, Clock clock,
            Consumer<MonitoringEvent> publish, Counter pluginErrors) {
        this.cluster = cluster;
        this.services = services;
        this.clock = clock;
        this.publish = publish;
        this.pluginErrors = pluginErrors;
        this.selfId = cluster.map(Cluster::self).orElse("local");
        this.members = List.of(selfId);
    }

    public String selfId() {
        return selfId;
    }

    public List<String> members() {
        return members;
    }

    public boolean clustered() {
        return cluster.isPresent();
    }

    /**
     * Joins the cluster, before this instance checks anything: its services start from the state they were last
     * shared in, and it waits (a little) to hear of the other members, so that it checks its share only. A cluster
     * that fails to join leaves this instance checking everything.
     */
    public void join() {
        cluster.ifPresent(c -> {
            try {
                Map<String, SharedServiceState> last = c.lastStates();
                last.forEach((service, state) -> services.monitor(service).ifPresent(m -> m.resume(state)));
                log.info("cluster: {} services resume from the state they were last shared in", last.size());
            } catch (RuntimeException e) {
                pluginErrors.increment();
                log.warn("the services' last shared states could not be read; they start unknown: {}", e.toString());
            }
            try {
                c.join(new Listener());
            } catch (RuntimeException e) {
                pluginErrors.increment();
                log.warn("the cluster failed to join; checking every service here: {}", e.toString());
                return;
            }
            try {
                if (!firstMembers.await(FIRST_MEMBERS_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    log.warn("the cluster named no members in {} ms; checking every service here until it does",
                            FIRST_MEMBERS_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public void close() {
        cluster.ifPresent(c -> {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("cluster failed to close: {}", e.toString());
            }
        });
    }

    /** Whether this instance checks the service: the member rendezvous hashing gives it to. */
    public boolean checks(String service) {
        return checks(service, members);
    }

    private boolean checks(String service, List<String> live) {
        return live.size() == 1 || local(service) || Rendezvous.owner(service, live).equals(selfId);
    }

    /** A service every instance checks for itself: tagged {@value ServiceDefinition#LOCAL_TAG}. */
    private boolean local(String service) {
        return services.definition(service).map(d -> d.tags().contains(ServiceDefinition.LOCAL_TAG)).orElse(false);
    }

    @Override
    public boolean owns(String service) {
        return !services.contains(service) || checks(service);
    }

    @Override
    public String scope(String service) {
        return local(service) ? service + "@" + selfId : service;
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        return cluster.map(c -> {
            try {
                return c.claim(key, ttl);
            } catch (RuntimeException e) {
                pluginErrors.increment();
                return true; // alone, an instance does the work
            }
        }).orElse(true);
    }

    /** The check pipeline's last stage: hands this instance's results to the other members. */
    public void share(Checked checked) {
        String service = checked.state().name();
        if (!checked.ownCheck() || cluster.isEmpty() || local(service)) {
            return;
        }
        ServiceState state = checked.state();
        state.lastResult().ifPresent(result -> {
            try {
                cluster.get().share(service, new SharedServiceState(result, state.status(), state.since(),
                        state.consecutiveFailures(), state.correlationId(), state.breaches()));
            } catch (RuntimeException e) {
                pluginErrors.increment();
                log.debug("check result of {} not shared: {}", service, e.toString());
            }
        });
    }

    /** Keeps the members the cluster reports, and applies what the others' checks found. */
    private final class Listener implements Cluster.Listener {
        @Override
        public void membersChanged(List<String> reported) {
            TreeSet<String> live = new TreeSet<>(reported);
            live.add(selfId); // this instance checks its share whatever the cluster last heard of it
            List<String> next = List.copyOf(live);
            try {
                if (!next.equals(members)) {
                    List<String> before = members;
                    members = next;
                    // What this instance takes over keeps the rhythm its last owner checked it in.
                    services.takenOver(services.names().stream()
                            .filter(service -> checks(service, next) && !checks(service, before)).toList());
                    long owned = services.names().stream().filter(ClusterMembership.this::checks).count();
                    log.info("cluster: {} member(s) {}; this instance ({}) checks {} of {} services", next.size(), next,
                            selfId, owned, services.size());
                    publish.accept(MonitoringEvent.of("cluster.members", selfId, clock.instant(), Severity.INFO,
                            Map.of("members", next, "previous", before, "self", selfId, "owned", owned)));
                }
            } finally {
                firstMembers.countDown();
            }
        }

        @Override
        public void stateShared(String service, SharedServiceState state) {
            services.monitor(service).ifPresent(monitor -> {
                if (!checks(service)) {
                    monitor.applyShared(state);
                } else {
                    monitor.resume(state); // this instance's now, and not checked here yet: start where it stands
                }
            });
        }
    }
}
