package io.devmentor.monitoring.h2;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.EventStore;
import io.devmentor.monitoring.spi.EventStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.sql.SQLException;

/** Provides the {@code h2} event store: an H2 database file under the data directory. */
public final class H2EventStoreProvider implements EventStoreProvider {

    @Override
    public String name() {
        return "h2";
    }

    /** An H2 file needs a data directory. */
    @Override
    public Availability availability(PluginContext context) {
        return context.dataDirectory().isPresent() ? Availability.AVAILABLE
                : Availability.unavailable("it keeps a file in the data directory, and there is none: set"
                        + " MONITORING_DATA_DIR, or dataDirectory(...) on the builder");
    }

    @Override
    public EventStore create(PluginContext context) throws SQLException {
        return H2EventStore.open(context.dataDirectory().orElseThrow().resolve("events"));
    }
}
