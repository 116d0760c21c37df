package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.SharedServiceState;
import java.util.List;
import java.util.Map;

/**
 * Several engine instances sharing one fleet: who is alive, and what each learns from the others' checks.
 * The engine decides which instance checks which service (rendezvous hashing over the live members), so
 * each service is checked by one instance per interval, and an instance that stops answering has its
 * services taken over by the others.
 */
public interface Cluster extends AutoCloseable {

    /**
     * This instance's id, unique among the members.
     *
     * @return the id
     */
    String self();

    /**
     * Registers this instance and keeps it registered until {@link #close()}. The cluster tells the listener
     * the live members soon, and again each time they change; while it cannot tell (its server is away), it
     * says nothing, and the engine keeps the members it last heard of. Must not block.
     *
     * @param listener where the cluster reports
     */
    void join(Listener listener);

    /**
     * Shares the state a check this instance made left a service in with the other members, and keeps it as the
     * service's last state for those that join later. Must not block: a state that cannot be shared now may be
     * dropped (the next check shares a newer one).
     *
     * @param service the service checked
     * @param state its state after the check
     */
    void share(String service, SharedServiceState state);

    /**
     * The state each service was last shared in, for an instance that joins: it takes its services over where they
     * stand rather than from nothing, so an outage under way is not announced again. Called once, before
     * {@link #join}; may wait briefly on the cluster's server, and answers empty when it cannot be reached.
     *
     * @return service name to its last shared state
     */
    default Map<String, SharedServiceState> lastStates() {
        return Map.of();
    }

    /**
     * Claims a piece of work (a notification, an incident to open) for this instance for a while, so that
     * when two members both think it theirs (for a moment, while membership changes), one does it. Must
     * answer quickly.
     *
     * @param key what the work is, the same on every member
     * @param ttl how long the claim holds
     * @return true when this instance holds the claim (it did already, or does now), or when the cluster
     *     cannot tell (alone, an instance does the work); false when another member holds it
     */
    boolean claim(String key, java.time.Duration ttl);

    /** Leaves the cluster: the other members stop counting on this one. */
    @Override
    default void close() {
    }

    /** What a cluster reports to the engine. Called from the cluster's threads. */
    interface Listener {

        /**
         * The live members, this one included.
         *
         * @param members their ids
         */
        void membersChanged(List<String> members);

        /**
         * Another member checked a service.
         *
         * @param service the service
         * @param state the state its check left the service in
         */
        void stateShared(String service, SharedServiceState state);
    }
}
