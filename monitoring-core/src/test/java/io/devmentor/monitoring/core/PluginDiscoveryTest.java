package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.MetricsCollector;
import io.devmentor.monitoring.spi.MetricsCollectorProvider;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding plugins, and surviving broken ones. */
class PluginDiscoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void findsTheBuiltInPluginsThroughServiceLoader() {
        try (Monitoring monitoring = Monitoring.builder().configuration(TestSupport.configuration(dir, 60_000)).build()) {
            List<String> active = monitoring.plugins().stream()
                    .filter(p -> p.state() == PluginStatus.State.ACTIVE)
                    // ping is active where the process may send ICMP only: PingCheckTest holds it to that.
                    .filter(p -> !p.name().equals("ping"))
                    .map(p -> p.extensionPoint() + ":" + p.name()).sorted().toList();
            assertEquals(List.of("EventStoreProvider:memory", "EventTransportProvider:in-process",
                    "HealthCheckerProvider:dns",
                    "HealthCheckerProvider:http", "HealthCheckerProvider:push", "HealthCheckerProvider:tcp",
                    "IncidentStoreProvider:memory", "KnowledgeBaseProvider:built-in", "MetricHistoryStoreProvider:memory",
                    "MetricsCollectorProvider:system", "PredictorProvider:anomaly_detection",
                    "PredictorProvider:capacity_planning", "PredictorProvider:failure_prediction",
                    "PredictorProvider:memory_leak", "PredictorProvider:performance_degradation",
                    "ServiceControllerProvider:http"), active);
        }
    }

    @Test
    void aNotifierNobodyAskedForIsListedQuietlyAndOneHalfConfiguredStopsTheStartNamingWhatIsMissing() {
        assertTrue(Availability.unavailable("set FOO_URL").requested(), "unavailable: asked for, cannot run");
        assertEquals(false, Availability.notRequested("set FOO_URL").requested());
        assertTrue(new Availability(false, "set FOO_URL").requested(), "the two-part form means asked for");
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .build()) {
            Map<String, PluginStatus> byName = new java.util.HashMap<>();
            monitoring.plugins().forEach(p -> byName.put(p.name(), p));
            assertEquals(PluginStatus.State.UNAVAILABLE, byName.get("slack").state(), "listed though not asked for");
            assertEquals("set ALERT_SLACK_ENABLED=true and SLACK_WEBHOOK_URL", byName.get("slack").reason());
        }
        ConfigurationException halfConfigured = assertThrows(ConfigurationException.class, () -> Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .setting("ALERT_EMAIL_ENABLED", "true")
                .build());
        assertEquals("the email notifier is asked for but cannot run: ALERT_EMAIL_ENABLED=true, but SMTP_HOST is not"
                + " set", halfConfigured.getMessage());
    }

    /** A host without an adapter's jar: the settings that need it stop the start and name the artifact. */
    @Test
    void settingsThatNeedAMissingAdapterStopTheStartNamingTheArtifact() throws Exception {
        ClassLoader withoutAdapters = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                List<java.net.URL> kept = java.util.Collections.list(super.getResources(name)).stream()
                        .filter(url -> !url.toString().contains("monitoring-spi-mail")
                                && !url.toString().contains("monitoring-spi-h2"))
                        .toList();
                return java.util.Collections.enumeration(kept);
            }
        };
        ConfigurationException noMail = assertThrows(ConfigurationException.class, () -> Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000)).pluginClassLoader(withoutAdapters)
                .setting("ALERT_EMAIL_ENABLED", "true").setting("SMTP_HOST", "127.0.0.1")
                .setting("ALERT_EMAIL_FROM", "monitoring@example.test").setting("ALERT_EMAIL_TO", "oncall@example.test").build());
        assertEquals("ALERT_EMAIL_ENABLED=true, but no email notifier is installed: add the monitoring-spi-mail"
                + " artifact", noMail.getMessage());
        ConfigurationException noH2 = assertThrows(ConfigurationException.class, () -> Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000)).pluginClassLoader(withoutAdapters)
                .dataDirectory(dir.resolve("data")).setting("MONITORING_INCIDENT_STORE", "h2").build());
        assertTrue(noH2.getMessage().startsWith("MONITORING_INCIDENT_STORE: the incident store 'h2' cannot be used:"
                + " no such store is installed") && noH2.getMessage().contains("monitoring-spi-h2"), noH2.getMessage());
        // With the adapters, the same settings start (the mail server is only reached when there is mail).
        try (Monitoring monitoring = Monitoring.builder().configuration(TestSupport.configuration(dir, 60_000))
                .dataDirectory(dir.resolve("data")).setting("MONITORING_INCIDENT_STORE", "h2")
                .setting("ALERT_EMAIL_ENABLED", "true").setting("SMTP_HOST", "127.0.0.1")
                .setting("ALERT_EMAIL_FROM", "monitoring@example.test").setting("ALERT_EMAIL_TO", "oncall@example.test").build()) {
            assertTrue(monitoring.plugins().stream().anyMatch(p -> p.name().equals("email")
                    && p.state() == PluginStatus.State.ACTIVE), monitoring.plugins().toString());
        }
    }

    @Test
    void brokenAndUnavailableProvidersAreSkippedWithTheirReasonAndTheRestRuns() {
        HealthCheckerProvider throwing = provider("exploding", null, () -> {
            throw new IllegalStateException("cannot reach the cluster");
        });
        HealthCheckerProvider unavailable = provider("needs-config", Availability.unavailable("set FOO_URL"), () -> null);
        HealthChecker faultyAtRuntime = service -> {
            throw new IllegalArgumentException("bug in plugin");
        };
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(new SimpleMeterRegistry())
                .healthCheckerProvider(throwing)
                .healthCheckerProvider(unavailable)
                .healthChecker("faulty", faultyAtRuntime)
                .healthChecker("custom", service -> CompletableFuture.completedFuture(
                        CheckResult.up(java.time.Instant.now(), Duration.ofMillis(1), "queue depth 3")))
                .metricsCollectorProvider(collector("broken-collector", () -> {
                    throw new java.io.IOException("no /proc");
                }))
                .service(ServiceDefinition.builder("queue").kind("custom").interval(Duration.ofMillis(100)).build())
                .service(ServiceDefinition.builder("buggy").kind("faulty").interval(Duration.ofMillis(100)).build())
                .build()) {
            Map<String, PluginStatus> byName = new java.util.HashMap<>();
            monitoring.plugins().forEach(p -> byName.put(p.name(), p));
            assertEquals(PluginStatus.State.FAILED, byName.get("exploding").state());
            assertTrue(byName.get("exploding").reason().contains("cannot reach the cluster"));
            assertEquals(PluginStatus.State.UNAVAILABLE, byName.get("needs-config").state());
            assertEquals("set FOO_URL", byName.get("needs-config").reason());

            monitoring.start();
            Await.until(WAIT, "the custom check",
                    () -> monitoring.service("queue").orElseThrow().status() == HealthStatus.UP);
            Await.until(WAIT, "the faulty checker's result",
                    () -> monitoring.service("buggy").orElseThrow().lastResult().isPresent());
            assertEquals(HealthStatus.UNKNOWN, monitoring.service("buggy").orElseThrow().status());
            Await.until(WAIT, "plugin errors counted",
                    () -> monitoring.meterRegistry().get("monitoring.plugin.errors").counter().count() >= 1);
            Await.until(WAIT, "collector errors counted",
                    () -> monitoring.meterRegistry().get("monitoring.collector.errors").counter().count() >= 1);
            assertEquals("queue depth 3", monitoring.service("queue").orElseThrow().lastResult().orElseThrow().message());
        }
    }

    @Test
    void twoInstancesInOneJvmShareNothing() {
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (Monitoring a = Monitoring.builder().configuration(TestSupport.configuration(dir.resolve("a"), 60_000))
                .meterRegistry(first).service(ServiceDefinition.builder("one").kind("custom").build())
                .healthChecker("custom", s -> CompletableFuture.completedFuture(
                        CheckResult.up(java.time.Instant.now(), Duration.ZERO, "ok")))
                .build();
                Monitoring b = Monitoring.builder().configuration(TestSupport.configuration(dir.resolve("b"), 60_000))
                        .meterRegistry(second).build()) {
            TestSupport.Recorder inB = new TestSupport.Recorder();
            b.subscribe(EventFilter.ALL, inB);
            a.publish(io.devmentor.monitoring.api.MonitoringEvent.of("x.y", "a", java.time.Instant.now(),
                    io.devmentor.monitoring.api.Severity.INFO, Map.of()));
            assertEquals(1, a.events(EventFilter.ALL, 10).size());
            assertEquals(0, b.events(EventFilter.ALL, 10).size());
            assertTrue(inB.events.isEmpty());
            assertEquals(1, a.services().size());
            assertEquals(0, b.services().size());
            assertTrue(first.find("service.health.status").gauge() != null);
            assertTrue(second.find("service.health.status").gauge() == null);
        }
    }

    @Test
    void runsOnTheHostsExecutorAndLeavesItRunning() {
        java.util.concurrent.ExecutorService hostPool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            try (Monitoring monitoring = Monitoring.builder()
                    .configuration(TestSupport.configuration(dir, 60_000))
                    .executor(hostPool)
                    .healthChecker("custom", service -> {
                        threads.add(Thread.currentThread().getName());
                        return CompletableFuture.completedFuture(
                                CheckResult.up(java.time.Instant.now(), Duration.ZERO, "ok"));
                    })
                    .service(ServiceDefinition.builder("one").kind("custom").interval(Duration.ofMillis(50)).build())
                    .build()) {
                monitoring.start();
                Await.until(WAIT, "a check", () -> monitoring.service("one").orElseThrow().checks() >= 2);
            }
            assertTrue(threads.stream().allMatch(name -> name.startsWith("pool-")), threads.toString());
            assertTrue(!hostPool.isShutdown(), "the host's executor is the host's to stop");
        } finally {
            hostPool.shutdownNow();
        }
    }

    private interface Creator<T> {
        T create() throws Exception;
    }

    private static HealthCheckerProvider provider(String name, Availability availability, Creator<HealthChecker> creator) {
        return new HealthCheckerProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Availability availability(PluginContext context) {
                return availability == null ? Availability.AVAILABLE : availability;
            }

            @Override
            public HealthChecker create(PluginContext context) throws Exception {
                return creator.create();
            }
        };
    }

    private interface Collect {
        List<io.devmentor.monitoring.api.MetricSample> collect() throws Exception;
    }

    private static MetricsCollectorProvider collector(String name, Collect collect) {
        return new MetricsCollectorProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MetricsCollector create(PluginContext context) {
                return collect::collect;
            }
        };
    }
}
