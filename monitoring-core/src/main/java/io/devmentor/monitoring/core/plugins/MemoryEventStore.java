package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.EventPage;
import io.devmentor.monitoring.api.EventQuery;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.spi.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** The newest events in memory, at most a capacity of them; nothing survives a restart. */
final class MemoryEventStore implements EventStore {

    private final int capacity;
    /** Position to event. */
    private final TreeMap<Long, MonitoringEvent> events = new TreeMap<>();
    private final Set<String> ids = new HashSet<>();
    private long lastPosition;

    MemoryEventStore(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(List<MonitoringEvent> batch) {
        for (MonitoringEvent event : batch) {
            if (capacity == 0 || !ids.add(event.id())) {
                continue;
            }
            events.put(++lastPosition, event);
            if (events.size() > capacity) {
                ids.remove(events.pollFirstEntry().getValue().id());
            }
        }
    }

    @Override
    public synchronized EventPage query(EventQuery query) {
        NavigableMap<Long, MonitoringEvent> candidates = query.before().isPresent()
                ? events.headMap(query.before().getAsLong(), false) : events;
        List<MonitoringEvent> page = new ArrayList<>();
        long last = 0;
        for (Map.Entry<Long, MonitoringEvent> entry : candidates.descendingMap().entrySet()) {
            if (query.matches(entry.getValue())) {
                if (page.size() == query.limit()) {
                    return new EventPage(page, OptionalLong.of(last));
                }
                page.add(entry.getValue());
                last = entry.getKey();
            }
        }
        return new EventPage(page, OptionalLong.empty());
    }

    @Override
    public synchronized long deleteBefore(Instant cutoff) {
        long deleted = 0;
        for (Iterator<MonitoringEvent> it = events.values().iterator(); it.hasNext(); ) {
            MonitoringEvent event = it.next();
            if (event.timestamp().isBefore(cutoff)) {
                ids.remove(event.id());
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }
}
