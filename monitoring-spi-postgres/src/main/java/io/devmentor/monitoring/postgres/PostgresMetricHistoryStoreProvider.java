package io.devmentor.monitoring.postgres;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.time.Duration;

/**
 * Provides the {@code postgres} history store, from {@code DATABASE_URL}: minute steps in a table partitioned
 * by day, kept {@code MONITORING_HISTORY_RETENTION_DAYS} days (default 30). Select it with
 * {@code MONITORING_HISTORY_STORE=postgres}.
 */
public final class PostgresMetricHistoryStoreProvider implements MetricHistoryStoreProvider {

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Availability availability(PluginContext context) {
        return new PostgresIncidentStoreProvider().availability(context);
    }

    @Override
    public MetricHistoryStore create(PluginContext context) throws java.io.IOException {
        String value = context.setting("MONITORING_HISTORY_RETENTION_DAYS").orElse("30");
        int days;
        try {
            days = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MONITORING_HISTORY_RETENTION_DAYS must be a whole number of days,"
                    + " was '" + value + "'");
        }
        if (days < 1) {
            throw new IllegalArgumentException("MONITORING_HISTORY_RETENTION_DAYS must be at least 1, was " + days);
        }
        return PostgresMetricHistoryStore.open(DatabaseUrl.parse(context.setting("DATABASE_URL").orElseThrow()),
                Duration.ofDays(days), context);
    }
}
