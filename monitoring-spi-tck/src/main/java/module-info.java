/**
 * The plugin test kit of DevMentor Monitoring: abstract JUnit contracts for the extension points that keep or
 * carry data ({@code IncidentStore}, {@code MetricHistoryStore}, {@code EventTransport}) or reach the world
 * ({@code HealthChecker}, {@code Notifier}), and a stub {@code PluginContext}. A plugin's test extends a
 * contract and says how to make its plugin; the contract holds it to what the engine relies on.
 */
module io.devmentor.monitoring.tck {
    requires transitive io.devmentor.monitoring.api;
    requires transitive org.junit.jupiter.api;

    exports io.devmentor.monitoring.tck;
}
