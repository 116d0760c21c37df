/** Load harnesses for DevMentor Monitoring; run from the shaded jar, see the README. */
module io.devmentor.monitoring.benchmarks {
    requires io.devmentor.monitoring.server;
    requires jdk.httpserver;
    requires java.management;
    requires java.net.http;
    requires jdk.management;

    uses io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
}
