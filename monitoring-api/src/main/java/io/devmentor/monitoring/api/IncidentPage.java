package io.devmentor.monitoring.api;

import io.devmentor.monitoring.api.Incident;
import java.util.List;

/**
 * One page of an incident query.
 *
 * @param items the incidents of the page
 * @param total how many incidents match the query in all
 */
public record IncidentPage(List<Incident> items, long total) {
    /** Copies the items. */
    public IncidentPage {
        items = List.copyOf(items);
    }
}
