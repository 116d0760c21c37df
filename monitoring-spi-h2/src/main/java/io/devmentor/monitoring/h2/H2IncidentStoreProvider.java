package io.devmentor.monitoring.h2;

import io.devmentor.monitoring.spi.IncidentStore;
import io.devmentor.monitoring.spi.IncidentStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.sql.SQLException;

/** Provides the {@code h2} incident store: an H2 database file under the data directory. */
public final class H2IncidentStoreProvider implements IncidentStoreProvider {

    @Override
    public String name() {
        return "h2";
    }

    /** An H2 file needs a data directory. */
    @Override
    public io.devmentor.monitoring.spi.Availability availability(PluginContext context) {
        return context.dataDirectory().isPresent() ? io.devmentor.monitoring.spi.Availability.AVAILABLE
                : io.devmentor.monitoring.spi.Availability.unavailable("it keeps a file in the data directory, and"
                        + " there is none: set MONITORING_DATA_DIR, or dataDirectory(...) on the builder");
    }

    @Override
    public IncidentStore create(PluginContext context) throws SQLException {
        return H2IncidentStore.open(context.dataDirectory().orElseThrow().resolve("incidents"));
    }
}
