package io.devmentor.monitoring.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.spi.SharedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link SharedStore}: documents come back as written, by collection, replaced by
 * id and removed; counts add up, also when several writers add to the same counts at once, and can be forgotten.
 *
 * <p>Extend it and say how to make an empty store; each test gets a new one, closed after it.
 */
public abstract class SharedStoreContract {

    private SharedStore store;

    /** For a plugin's test to extend. */
    protected SharedStoreContract() {
    }

    /**
     * Makes an empty store for one test.
     *
     * @return the store
     * @throws Exception when it cannot be made
     */
    protected abstract SharedStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        store.close();
    }

    @Test
    void documentsComeBackByCollectionAreReplacedByIdAndRemoved() throws Exception {
        assertEquals(Map.of(), store.documents("dashboards"));
        store.putDocument("dashboards", "ops", "{\"panels\":[]}");
        store.putDocument("dashboards", "db", "{\"panels\":[1]}");
        store.putDocument("maintenance", "ops", "{\"reason\":\"upgrade ünïcode\"}");
        assertEquals(Map.of("ops", "{\"panels\":[]}", "db", "{\"panels\":[1]}"), store.documents("dashboards"));
        store.putDocument("dashboards", "ops", "{\"panels\":[2]}");
        assertEquals("{\"panels\":[2]}", store.documents("dashboards").get("ops"));
        assertTrue(store.removeDocument("dashboards", "ops"));
        assertFalse(store.removeDocument("dashboards", "ops"), "gone already");
        assertEquals(Map.of("db", "{\"panels\":[1]}"), store.documents("dashboards"));
        assertEquals(Map.of("ops", "{\"reason\":\"upgrade ünïcode\"}"), store.documents("maintenance"));
    }

    @Test
    void countsAddUpAcrossWritersAtOnceAndAreForgottenByKey() throws Exception {
        int writers = 4;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        store.addCounts("sla:checkout", Map.of("m1.c", 1L, "m1.a", 1L, "h1.c", 2L));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        store.addCounts("sla:other", Map.of("m1.c", 7L));
        assertEquals(Map.of("m1.c", 200L, "m1.a", 200L, "h1.c", 400L), store.counts("sla:checkout"));
        store.removeCounts("sla:checkout", List.of("m1.c", "m1.a"));
        assertEquals(Map.of("h1.c", 400L), store.counts("sla:checkout"));
        assertEquals(Map.of("m1.c", 7L), store.counts("sla:other"));
        assertEquals(Map.of(), store.counts("sla:none"));
    }
}
