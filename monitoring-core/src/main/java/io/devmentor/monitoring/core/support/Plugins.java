package io.devmentor.monitoring.core.support;

import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.PluginProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the providers of one extension point and creates their plugins. A provider that cannot be loaded,
 * says it is unavailable, or throws while creating is logged with its reason and skipped; the others run.
 */
public final class Plugins {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final List<PluginStatus> statuses = new ArrayList<>();
    /** Plugins the configuration asks for that cannot run with it. */
    private final List<PluginStatus> refused = new ArrayList<>();

    /** A created plugin and the provider's name. */
    public record Created<T>(String name, T plugin) {
    }

    /** The plugins of an extension point that the configuration asks for but that cannot run with it. */
    public List<PluginStatus> refused(String point) {
        return refused.stream().filter(status -> status.extensionPoint().equals(point)).toList();
    }

    public List<PluginStatus> statuses() {
        return List.copyOf(statuses);
    }

    /**
     * Loads the providers of {@code type}, plus {@code explicit} ones, and creates one plugin per name: the
     * available provider with the highest priority.
     */
    public <T, P extends PluginProvider<T>> List<Created<T>> load(Class<P> type, @Nullable ClassLoader loader, List<P> explicit,
            PluginContext context) {
        String point = type.getSimpleName();
        Map<String, Created<T>> created = new LinkedHashMap<>();
        for (P provider : discover(type, loader, explicit)) {
            String name;
            try {
                name = provider.name();
            } catch (RuntimeException e) {
                record(point, provider.getClass().getName(), PluginStatus.State.FAILED, "name() threw " + e);
                continue;
            }
            if (created.containsKey(name)) {
                record(point, name, PluginStatus.State.SHADOWED,
                        provider.getClass().getName() + " has a lower priority than the active one");
                continue;
            }
            create(point, name, provider, context).ifPresent(plugin -> created.put(name, new Created<>(name, plugin)));
        }
        return new ArrayList<>(created.values());
    }

    /**
     * Creates the one plugin named {@code wanted}: the available provider of that name with the highest
     * priority. Others are not created (a store provider may open files or connections).
     */
    public <T, P extends PluginProvider<T>> Optional<T> loadNamed(Class<P> type, @Nullable ClassLoader loader, String wanted,
            PluginContext context) {
        for (P provider : discover(type, loader, List.of())) {
            boolean named;
            try {
                named = wanted.equals(provider.name());
            } catch (RuntimeException e) {
                named = false;
            }
            if (named) {
                Optional<T> plugin = create(type.getSimpleName(), wanted, provider, context);
                if (plugin.isPresent()) {
                    return plugin;
                }
            }
        }
        return Optional.empty();
    }

    /** The providers found with ServiceLoader and given explicitly, highest priority first. */
    private <P extends PluginProvider<?>> List<P> discover(Class<P> type, @Nullable ClassLoader loader, List<P> explicit) {
        List<P> providers = new ArrayList<>(explicit);
        if (loader != null) {
            Iterator<P> it = ServiceLoader.load(type, loader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    providers.add(it.next());
                } catch (ServiceConfigurationError e) {
                    // A broken entry (missing class, no public constructor) must not hide the others.
                    record(type.getSimpleName(), "?", PluginStatus.State.FAILED, "cannot be loaded: " + e.getMessage());
                }
            }
        }
        providers.sort(Comparator.comparingInt(Plugins::priorityOf).reversed());
        return providers;
    }

    /** Asks a provider for its plugin, recording what became of it. */
    private <T> Optional<T> create(String point, String name, PluginProvider<T> provider, PluginContext context) {
        try {
            Availability availability = provider.availability(context);
            if (!availability.available()) {
                if (availability.requested()) {
                    record(point, name, PluginStatus.State.UNAVAILABLE, availability.reason());
                    refused.add(new PluginStatus(point, name, PluginStatus.State.UNAVAILABLE, availability.reason()));
                } else {
                    // An optional plugin nobody configured: listed, not a warning at every start.
                    statuses.add(new PluginStatus(point, name, PluginStatus.State.UNAVAILABLE, availability.reason()));
                    log.debug("{} '{}' not requested: {}", point, name, availability.reason());
                }
                return Optional.empty();
            }
            T plugin = provider.create(context);
            if (plugin == null) {
                record(point, name, PluginStatus.State.FAILED, "create() returned null");
                return Optional.empty();
            }
            record(point, name, PluginStatus.State.ACTIVE, provider.getClass().getName());
            return Optional.of(plugin);
        } catch (Exception | LinkageError e) {
            record(point, name, PluginStatus.State.FAILED, "create() threw " + e);
            return Optional.empty();
        }
    }

    /** The reason recorded for the last provider of a name that did not become active. */
    public Optional<String> failure(String point, String name) {
        for (int i = statuses.size() - 1; i >= 0; i--) {
            PluginStatus status = statuses.get(i);
            if (status.extensionPoint().equals(point) && status.name().equals(name)
                    && status.state() != PluginStatus.State.ACTIVE) {
                return Optional.of(status.reason());
            }
        }
        return Optional.empty();
    }

    private static int priorityOf(PluginProvider<?> provider) {
        try {
            return provider.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    private void record(String point, String name, PluginStatus.State state, String reason) {
        statuses.add(new PluginStatus(point, name, state, reason));
        if (state == PluginStatus.State.ACTIVE) {
            log.debug("{} '{}' active ({})", point, name, reason);
        } else if (state == PluginStatus.State.SHADOWED) {
            log.info("{} '{}': {}", point, name, reason);
        } else {
            log.warn("{} '{}' skipped, {}: {}", point, name, state.name().toLowerCase(java.util.Locale.ROOT), reason);
        }
    }
}
