package io.devmentor.monitoring.spi;

/** Provides a {@link KnowledgeBase}. */
public interface KnowledgeBaseProvider extends PluginProvider<KnowledgeBase> {
}
