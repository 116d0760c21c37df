package io.devmentor.monitoring.core.pipeline;

import java.time.Duration;

/**
 * How one engine shares work with the other members of its cluster. Alone, it owns everything and every
 * claim is its own.
 */
public interface Coordination {

    /** Whether this instance checks the service and acts on its incidents; true for what is no watched service. */
    boolean owns(String service);

    /**
     * The name a claim about a service uses: the service's own, or, for one that every instance checks for
     * itself, the service's at this instance.
     */
    String scope(String service);

    /** Claims a piece of work; false when another member holds it (see {@link io.devmentor.monitoring.spi.Cluster#claim}). */
    boolean claim(String key, Duration ttl);
}
