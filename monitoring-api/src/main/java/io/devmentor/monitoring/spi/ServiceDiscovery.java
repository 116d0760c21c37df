package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.ServiceDefinition;
import java.util.List;

/**
 * Finds services to watch at run time (containers, for example), in addition to those of the configuration.
 * The engine checks each discovered service like a configured one, and stops when it vanishes.
 */
public interface ServiceDiscovery extends AutoCloseable {

    /**
     * Starts discovering. The discovery tells the listener the whole set of services it sees, at once or
     * soon, and again each time that set changes; it may repeat an unchanged set. Must not block.
     *
     * @param listener where the discovery reports
     */
    void start(Listener listener);

    /** Stops discovering and releases the discovery's resources. */
    @Override
    default void close() {
    }

    /** What a discovery reports to the engine. Thread-safe; may be called from any thread. */
    interface Listener {

        /**
         * The services this discovery sees now, all of them: those missing from the previous set are no
         * longer watched. A service whose name a configured or another discovery's service already has is
         * ignored, with a warning.
         *
         * @param services the services
         */
        void servicesChanged(List<ServiceDefinition> services);

        /**
         * Something happened to a discovered service (a container died, for example): check it now rather
         * than at its next interval. Unknown names are ignored.
         *
         * @param service the service's name
         */
        void checkNow(String service);
    }
}
