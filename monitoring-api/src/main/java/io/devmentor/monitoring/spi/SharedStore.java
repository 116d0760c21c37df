package io.devmentor.monitoring.spi;

import java.util.Collection;
import java.util.Map;

/**
 * What the instances of one fleet keep in common beside incidents and events: the documents people save (custom
 * dashboards, maintenance windows), so that one saved on an instance is read on every other, and counts every
 * instance adds to (the SLA ledgers), so that each check is counted once across the fleet. Without one, an
 * instance keeps these in its data directory. Implementations are thread-safe; every method may fail while the
 * store is away, and callers keep what they could not write.
 */
public interface SharedStore extends AutoCloseable {

    /**
     * The documents of a collection.
     *
     * @param collection the collection, for example {@code dashboards}
     * @return id to document text
     * @throws Exception when the store cannot be read
     */
    Map<String, String> documents(String collection) throws Exception;

    /**
     * Writes a document, replacing the one of that id. Durable when it returns.
     *
     * @param collection its collection
     * @param id its id within the collection
     * @param document its text
     * @throws Exception when it could not be written
     */
    void putDocument(String collection, String id, String document) throws Exception;

    /**
     * Deletes a document.
     *
     * @param collection its collection
     * @param id its id
     * @return false when there was none
     * @throws Exception when it could not be deleted
     */
    boolean removeDocument(String collection, String id) throws Exception;

    /**
     * Adds to counts, atomically with respect to the other instances adding to the same ones, in one write.
     *
     * @param ledger whose counts, for example {@code sla:checkout}
     * @param deltas the count's key to what to add to it
     * @throws Exception when nothing was added
     */
    void addCounts(String ledger, Map<String, Long> deltas) throws Exception;

    /**
     * The counts of a ledger.
     *
     * @param ledger the ledger
     * @return key to count, for the counts there are
     * @throws Exception when the store cannot be read
     */
    Map<String, Long> counts(String ledger) throws Exception;

    /**
     * Forgets counts: those a ledger no longer needs.
     *
     * @param ledger the ledger
     * @param keys the counts' keys
     * @throws Exception when the store cannot be written
     */
    void removeCounts(String ledger, Collection<String> keys) throws Exception;

    /** Releases the store's resources. */
    @Override
    default void close() {
    }
}
