package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.spi.IncidentStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Incidents in a map. Queries sort what matches: fine for the thousands a test or a host keeps. */
final class MemoryIncidentStore implements IncidentStore {

    private static final Comparator<Incident> NEWEST_FIRST =
            Comparator.comparing(Incident::createdAt).reversed().thenComparing(Incident::id);

    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();

    @Override
    public void save(Incident incident) {
        incidents.put(incident.id(), incident);
    }

    @Override
    public Optional<Incident> find(String id) {
        return Optional.ofNullable(incidents.get(id));
    }

    @Override
    public IncidentPage query(IncidentQuery query) {
        List<Incident> matching = incidents.values().stream()
                .filter(i -> query.status().map(s -> s == i.status()).orElse(true))
                .filter(i -> query.severity().map(s -> s == i.severity()).orElse(true))
                .filter(i -> query.service().map(s -> s.equals(i.service())).orElse(true))
                .sorted(NEWEST_FIRST)
                .collect(Collectors.toList());
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new IncidentPage(matching.subList(from, to), matching.size());
    }
}
