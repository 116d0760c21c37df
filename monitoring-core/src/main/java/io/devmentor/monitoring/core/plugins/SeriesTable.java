package io.devmentor.monitoring.core.plugins;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A predictor's state per series (or per service), for at most a fixed number of them: past the limit, new
 * series are not watched, so that a flood of tags cannot exhaust the heap.
 *
 * @param <T> the state of one series
 */
final class SeriesTable<T> {

    private final Map<String, T> entries = new HashMap<>();
    private final int limit;

    SeriesTable(int limit) {
        this.limit = limit;
    }

    /** The state of a series, created when it is new and there is room; {@code null} when there is none. */
    @Nullable T get(String key, Supplier<T> create) {
        T entry = entries.get(key);
        if (entry == null && entries.size() < limit) {
            entry = create.get();
            entries.put(key, entry);
        }
        return entry;
    }

    void forEach(BiConsumer<String, T> action) {
        entries.forEach(action);
    }

    Collection<T> values() {
        return entries.values();
    }

    int size() {
        return entries.size();
    }
}
