package io.devmentor.monitoring.spi;

/**
 * The common shape of every provider: a factory that receives its configuration.
 *
 * @param <T> the plugin it creates
 */
public interface PluginProvider<T> {

    /**
     * The provider's name, unique for its extension point: a checker's kind ({@code http}), a store's name
     * ({@code h2}).
     *
     * @return the name
     */
    String name();

    /**
     * Where several providers share a name, the one with the highest priority wins. Built-in providers
     * have priority 0.
     *
     * @return the priority
     */
    default int priority() {
        return 0;
    }

    /**
     * Whether the provider can run with this configuration; when not, why. Called before {@link #create}.
     *
     * @param context the configuration
     * @return the availability
     */
    default Availability availability(PluginContext context) {
        return Availability.AVAILABLE;
    }

    /**
     * Creates the plugin.
     *
     * @param context the configuration
     * @return the plugin
     * @throws Exception when it cannot be created; the engine logs the reason and goes on without it
     */
    T create(PluginContext context) throws Exception;
}
