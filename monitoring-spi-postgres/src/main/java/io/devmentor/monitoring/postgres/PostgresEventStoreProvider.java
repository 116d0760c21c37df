package io.devmentor.monitoring.postgres;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.EventStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;

/**
 * Provides the {@code postgres} event store, from {@code DATABASE_URL}, shared by every instance on that database.
 * Select it with {@code MONITORING_EVENT_STORE=postgres}; the server does when {@code DATABASE_URL} is set.
 */
public final class PostgresEventStoreProvider implements EventStoreProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Availability availability(PluginContext context) {
        return new PostgresIncidentStoreProvider().availability(context);
    }

    @Override
    public EventStore create(PluginContext context) {
        return PostgresEventStore.open(DatabaseUrl.parse(context.setting("DATABASE_URL").orElseThrow()));
    }
}
