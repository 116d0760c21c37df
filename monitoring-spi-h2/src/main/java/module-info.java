/**
 * The H2 adapter of DevMentor Monitoring: the {@code h2} incident, event and metric history stores, each an H2
 * database file in the data directory. Like every adapter it depends on the API alone; it exports nothing, and
 * is found through {@link java.util.ServiceLoader}.
 */
// Named after the database it keeps files in, digit and all.
@SuppressWarnings("module")
module io.devmentor.monitoring.h2 {
    requires io.devmentor.monitoring.api;
    requires io.devmentor.monitoring.json;
    requires java.sql;
    requires com.h2database;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    provides io.devmentor.monitoring.spi.IncidentStoreProvider with io.devmentor.monitoring.h2.H2IncidentStoreProvider;
    provides io.devmentor.monitoring.spi.EventStoreProvider with io.devmentor.monitoring.h2.H2EventStoreProvider;
    provides io.devmentor.monitoring.spi.MetricHistoryStoreProvider
            with io.devmentor.monitoring.h2.H2MetricHistoryStoreProvider;
}
