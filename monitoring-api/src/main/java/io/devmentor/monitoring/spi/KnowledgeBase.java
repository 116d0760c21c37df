package io.devmentor.monitoring.spi;

import io.devmentor.monitoring.api.Suggestion;
import java.util.List;

/**
 * Entries of the knowledge base: concrete next steps per failure kind and prediction type. The engine shows
 * the entries of every knowledge base found, the built-in one first, with incidents and predictions of their kind.
 */
public interface KnowledgeBase {

    /**
     * The entries.
     *
     * @return the entries, any number per kind
     */
    List<Suggestion> suggestions();
}
