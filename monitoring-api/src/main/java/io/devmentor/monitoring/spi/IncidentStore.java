package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import java.util.Optional;

/** Keeps incidents and their timelines. Implementations are thread-safe. */
public interface IncidentStore extends AutoCloseable {

    /**
     * Inserts or replaces an incident; durable when it returns.
     *
     * @param incident the incident
     * @throws Exception when it could not be stored
     */
    void save(Incident incident) throws Exception;

    /**
     * Finds an incident by id.
     *
     * @param id the id
     * @return the incident, when stored
     * @throws Exception when the store cannot be read
     */
    Optional<Incident> find(String id) throws Exception;

    /**
     * Queries incidents, newest first.
     *
     * @param query the filter and page
     * @return the page and the total count
     * @throws Exception when the store cannot be read
     */
    IncidentPage query(IncidentQuery query) throws Exception;

    /**
     * How many accepted writes are not yet in the store itself (waiting in a local outbox while its server is
     * unreachable, for example). The engine exports it as a metric.
     *
     * @return the number of pending writes; 0 for a store that writes through
     */
    default long pendingWrites() {
        return 0;
    }

    /** Releases the store's resources. */
    @Override
    default void close() {
    }
}
