package io.devmentor.monitoring.tck;

import io.devmentor.monitoring.spi.SharedStore;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SharedStore} in memory, for tests: engines in one process given the same one share it, as instances on
 * one database do. It can be made to fail, as a store that is away does.
 */
public final class MemorySharedStore implements SharedStore {

    private final Map<String, Map<String, String>> documents = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> counts = new ConcurrentHashMap<>();
    private volatile boolean away;

    /** An empty store. */
    public MemorySharedStore() {
    }

    /**
     * Makes every call fail, or answer again.
     *
     * @param isAway true to fail
     */
    public void away(boolean isAway) {
        this.away = isAway;
    }

    private void answer() throws java.io.IOException {
        if (away) {
            throw new java.io.IOException("the shared store is away");
        }
    }

    @Override
    public synchronized Map<String, String> documents(String collection) throws java.io.IOException {
        answer();
        return Map.copyOf(documents.getOrDefault(collection, Map.of()));
    }

    @Override
    public synchronized void putDocument(String collection, String id, String document) throws java.io.IOException {
        answer();
        documents.computeIfAbsent(collection, c -> new TreeMap<>()).put(id, document);
    }

    @Override
    public synchronized boolean removeDocument(String collection, String id) throws java.io.IOException {
        answer();
        return documents.getOrDefault(collection, new TreeMap<>()).remove(id) != null;
    }

    @Override
    public synchronized void addCounts(String ledger, Map<String, Long> deltas) throws java.io.IOException {
        answer();
        Map<String, Long> ledgerCounts = counts.computeIfAbsent(ledger, l -> new TreeMap<>());
        deltas.forEach((key, delta) -> ledgerCounts.merge(key, delta, Long::sum));
    }

    @Override
    public synchronized Map<String, Long> counts(String ledger) throws java.io.IOException {
        answer();
        return Map.copyOf(counts.getOrDefault(ledger, Map.of()));
    }

    @Override
    public synchronized void removeCounts(String ledger, Collection<String> keys) throws java.io.IOException {
        answer();
        counts.getOrDefault(ledger, new TreeMap<>()).keySet().removeAll(keys);
    }
}
