/**
 * The PostgreSQL adapter of DevMentor Monitoring: the {@code postgres} incident, metric history, event and shared
 * stores. Like every adapter it depends on the API alone; it exports nothing, and is found through
 * {@link java.util.ServiceLoader}.
 */
module io.devmentor.monitoring.postgres {
    requires io.devmentor.monitoring.api;
    requires io.devmentor.monitoring.json;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    provides io.devmentor.monitoring.spi.IncidentStoreProvider
            with io.devmentor.monitoring.postgres.PostgresIncidentStoreProvider;
    provides io.devmentor.monitoring.spi.EventStoreProvider
            with io.devmentor.monitoring.postgres.PostgresEventStoreProvider;
    provides io.devmentor.monitoring.spi.MetricHistoryStoreProvider
            with io.devmentor.monitoring.postgres.PostgresMetricHistoryStoreProvider;
    provides io.devmentor.monitoring.spi.SharedStoreProvider
            with io.devmentor.monitoring.postgres.PostgresSharedStoreProvider;
}
