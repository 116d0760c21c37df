/** Load harnesses for DevMentor Monitoring; run from the shaded jar, see the README. */
module io.devmentor.monitoring.benchmarks {
    requires io.devmentor.monitoring.server;
    requires static org.jspecify;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires java.management;
    requires java.net.http;
    requires jdk.management;
    requires jmh.core;
    requires io.prometheus.metrics.model;

    uses io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
    uses io.devmentor.monitoring.spi.PredictorProvider;
    uses io.devmentor.monitoring.spi.MetricsCollectorProvider;

    // JMH's generated code and runner reach the benchmark classes reflectively.
    exports io.devmentor.monitoring.benchmarks.jmh_generated to jmh.core;
    opens io.devmentor.monitoring.benchmarks to jmh.core;
}
