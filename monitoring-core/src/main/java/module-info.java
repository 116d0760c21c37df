/**
 * The DevMentor Monitoring engine. Only {@code io.devmentor.monitoring.core} is exported: the
 * {@link io.devmentor.monitoring.core.Monitoring} facade, its configuration and its read-only views. The
 * stages of the engine live in unexported packages, one a stage; the built-in plugins live in an unexported
 * package and are found like any other plugin.
 */
// The server and the benchmarks are built after this module: javac cannot see them, and says so, when it is built.
@SuppressWarnings("module")
module io.devmentor.monitoring.core {
    requires transitive io.devmentor.monitoring.api;
    requires io.devmentor.monitoring.json;
    requires transitive micrometer.core;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires java.management;
    requires java.net.http;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
    requires org.dnsjava;
    requires static org.jspecify;

    exports io.devmentor.monitoring.core;
    // The detection and ranking algorithms, for the server's offline detector and the evaluation harnesses only.
    exports io.devmentor.monitoring.core.analysis to io.devmentor.monitoring.server, io.devmentor.monitoring.benchmarks;

    uses io.devmentor.monitoring.spi.HealthCheckerProvider;
    uses io.devmentor.monitoring.spi.MetricsCollectorProvider;
    uses io.devmentor.monitoring.spi.EventTransportProvider;
    uses io.devmentor.monitoring.spi.PredictorProvider;
    uses io.devmentor.monitoring.spi.KnowledgeBaseProvider;
    uses io.devmentor.monitoring.spi.IncidentStoreProvider;
    uses io.devmentor.monitoring.spi.MetricHistoryStoreProvider;
    uses io.devmentor.monitoring.spi.EventStoreProvider;
    uses io.devmentor.monitoring.spi.NotifierProvider;
    uses io.devmentor.monitoring.spi.ServiceControllerProvider;
    uses io.devmentor.monitoring.spi.ServiceDiscoveryProvider;
    uses io.devmentor.monitoring.spi.ClusterProvider;
    uses io.devmentor.monitoring.spi.SharedStoreProvider;

    provides io.devmentor.monitoring.spi.HealthCheckerProvider with
            io.devmentor.monitoring.core.plugins.HttpCheckerProvider,
            io.devmentor.monitoring.core.plugins.TcpCheckerProvider,
            io.devmentor.monitoring.core.plugins.PushCheckerProvider,
            io.devmentor.monitoring.core.plugins.DnsCheckerProvider,
            io.devmentor.monitoring.core.plugins.PingCheckerProvider;
    provides io.devmentor.monitoring.spi.IncidentStoreProvider with
            io.devmentor.monitoring.core.plugins.MemoryIncidentStoreProvider;
    provides io.devmentor.monitoring.spi.MetricHistoryStoreProvider with
            io.devmentor.monitoring.core.plugins.MemoryMetricHistoryStoreProvider;
    provides io.devmentor.monitoring.spi.EventStoreProvider with
            io.devmentor.monitoring.core.plugins.MemoryEventStoreProvider;
    provides io.devmentor.monitoring.spi.ServiceControllerProvider with
            io.devmentor.monitoring.core.plugins.HttpServiceControllerProvider;
    provides io.devmentor.monitoring.spi.NotifierProvider with
            io.devmentor.monitoring.core.plugins.WebhookNotifierProvider.Slack,
            io.devmentor.monitoring.core.plugins.WebhookNotifierProvider.Webhook,
            io.devmentor.monitoring.core.plugins.WebhookNotifierProvider.Alertmanager;
    provides io.devmentor.monitoring.spi.KnowledgeBaseProvider with
            io.devmentor.monitoring.core.plugins.BuiltInKnowledgeBaseProvider;
    provides io.devmentor.monitoring.spi.PredictorProvider with
            io.devmentor.monitoring.core.plugins.AnomalyDetectionPredictorProvider,
            io.devmentor.monitoring.core.plugins.MemoryLeakPredictorProvider,
            io.devmentor.monitoring.core.plugins.PerformanceDegradationPredictorProvider,
            io.devmentor.monitoring.core.plugins.CapacityPlanningPredictorProvider,
            io.devmentor.monitoring.core.plugins.FailurePredictorProvider;
    provides io.devmentor.monitoring.spi.EventTransportProvider with
            io.devmentor.monitoring.core.plugins.InProcessTransportProvider;
}
