package io.devmentor.monitoring.core.plugins;

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

    @Override
    public IncidentStore create(PluginContext context) throws SQLException {
        return H2IncidentStore.open(context.dataDirectory().resolve("incidents"));
    }
}
