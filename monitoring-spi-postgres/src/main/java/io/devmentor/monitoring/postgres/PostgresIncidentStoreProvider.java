package io.devmentor.monitoring.postgres;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.IncidentStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code postgres} incident store, from {@code DATABASE_URL}
 * ({@code postgresql://user:pass@host:port/db}). Select it with {@code MONITORING_INCIDENT_STORE=postgres}.
 * It starts even while PostgreSQL is down: writes wait in its outbox until the database answers.
 */
public final class PostgresIncidentStoreProvider implements IncidentStoreProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Availability availability(PluginContext context) {
        if (context.setting("DATABASE_URL").isEmpty()) {
            return Availability.notRequested("set DATABASE_URL to postgresql://user:pass@host:5432/db");
        }
        if (context.dataDirectory().isEmpty()) {
            return Availability.unavailable("its outbox for outages is a file in the data directory, and there is"
                    + " none: set MONITORING_DATA_DIR");
        }
        try {
            DatabaseUrl.parse(context.setting("DATABASE_URL").get());
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(String.valueOf(e.getMessage()));
        }
        return Availability.AVAILABLE;
    }

    @Override
    public IncidentStore create(PluginContext context) throws Exception {
        return PostgresIncidentStore.open(DatabaseUrl.parse(context.setting("DATABASE_URL").orElseThrow()), context);
    }
}
