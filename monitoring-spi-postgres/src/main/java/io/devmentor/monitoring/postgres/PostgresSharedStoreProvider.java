package io.devmentor.monitoring.postgres;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.SharedStore;
import io.devmentor.monitoring.spi.SharedStoreProvider;

/**
 * Provides the {@code postgres} shared store, from {@code DATABASE_URL}: custom dashboards, maintenance windows and
 * SLA counts that every instance on that database reads. Select it with {@code MONITORING_SHARED_STORE=postgres};
 * the server does when {@code DATABASE_URL} is set.
 */
public final class PostgresSharedStoreProvider implements SharedStoreProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Availability availability(PluginContext context) {
        if (context.setting("DATABASE_URL").isEmpty()) {
            return Availability.notRequested("set DATABASE_URL to postgresql://user:pass@host:5432/db");
        }
        try {
            DatabaseUrl.parse(context.setting("DATABASE_URL").get());
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(String.valueOf(e.getMessage()));
        }
        return Availability.AVAILABLE;
    }

    @Override
    public SharedStore create(PluginContext context) {
        return PostgresSharedStore.open(DatabaseUrl.parse(context.setting("DATABASE_URL").orElseThrow()));
    }
}
