package io.devmentor.monitoring.h2;

import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Provides the {@code h2} history store: minute steps in an H2 file under the data directory, kept
 * {@code MONITORING_HISTORY_RETENTION_DAYS} days (default 30).
 */
public final class H2MetricHistoryStoreProvider implements MetricHistoryStoreProvider {

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
    public MetricHistoryStore create(PluginContext context) throws SQLException {
        int days = Integer.parseInt(context.setting("MONITORING_HISTORY_RETENTION_DAYS").orElse("30"));
        if (days < 1) {
            throw new IllegalArgumentException("MONITORING_HISTORY_RETENTION_DAYS must be at least 1, was " + days);
        }
        return H2MetricHistoryStore.open(context.dataDirectory().orElseThrow().resolve("history"), Duration.ofDays(days), context);
    }
}
