package io.devmentor.monitoring.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.PluginStatus;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter against a real Docker Engine API (podman's, see {@link PodmanEngine}), through the engine, with the
 * providers found by {@link java.util.ServiceLoader} as a host would find them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WATCH = "--label=devmentor.monitor=true";

    private PodmanEngine podman;

    @TempDir
    Path dir;

    @BeforeAll
    void startPodman() throws Exception {
        podman = PodmanEngine.start();
    }

    @AfterAll
    void stopPodman() throws Exception {
        if (podman != null) {
            podman.close();
        }
    }

    private Monitoring engine(Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "60000",
                "DOCKER_HOST", podman.dockerHost(),
                // Far apart: what these tests see comes from the event stream, not from a resync.
                "DOCKER_RESYNC_INTERVAL", "600000"));
        environment.putAll(more);
        return Monitoring.builder().configuration(MonitoringConfiguration.fromEnvironment(environment, dir)).build();
    }

    private static List<MonitoringEvent> recording(Monitoring monitoring, String pattern) {
        List<MonitoringEvent> seen = new CopyOnWriteArrayList<>();
        monitoring.subscribe(EventFilter.of(pattern), seen::add, 10_000);
        return seen;
    }

    private static Optional<HealthStatus> status(Monitoring monitoring, String service) {
        return monitoring.service(service).filter(s -> s.lastResult().isPresent()).map(ServiceState::status);
    }

    @Test
    void watchesLabelledAndNamedContainersAndFollowsThoseThatComeAndGo() throws Exception {
        podman.run("shop-1", WATCH, "--label=devmentor.service=shop", "--label=devmentor.critical=true");
        podman.run("listed-1");
        podman.run("bystander-1");
        try (Monitoring monitoring = engine(Map.of("DOCKER_CONTAINERS", "listed-1"))) {
            List<MonitoringEvent> changes = recording(monitoring, "service.*");
            monitoring.start();
            Await.until(WAIT, "shop and listed-1 up",
                    () -> status(monitoring, "shop").equals(Optional.of(HealthStatus.UP))
                    && status(monitoring, "listed-1").equals(Optional.of(HealthStatus.UP)));
            ServiceState shop = monitoring.service("shop").orElseThrow();
            assertEquals("docker", shop.definition().kind());
            assertTrue(shop.definition().critical(), "labels tune the service");
            assertEquals("shop-1", shop.definition().settings().get("container"));
            assertTrue(monitoring.service("bystander-1").isEmpty(), "neither labelled nor listed");

            podman.run("late-1", WATCH);
            Await.until(WAIT, "a container started later to be watched", () -> status(monitoring, "late-1")
                    .equals(Optional.of(HealthStatus.UP)));
            podman.podman("rm", "-f", "-t", "0", "late-1");
            Await.until(WAIT, "a removed container to be dropped", () -> monitoring.service("late-1").isEmpty());
            // Events reach subscribers on their own thread: they may follow the change they tell of.
            Await.until(WAIT, "service.added and service.removed of late-1", () -> changes.stream().anyMatch(
                    e -> e.type().equals(EventTypes.SERVICE_ADDED) && e.source().equals("late-1"))
                    && changes.stream().anyMatch(e -> e.type().equals(EventTypes.SERVICE_REMOVED)
                    && e.source().equals("late-1")));
        } finally {
            podman.podman("rm", "-f", "-t", "0", "shop-1", "listed-1", "bystander-1");
        }
    }

    @Test
    void aKilledContainerIsDownWithinSecondsFromTheEventStream() throws Exception {
        // Checked every 10 minutes: only the event stream can tell the engine in time.
        podman.run("worker-1", WATCH, "--label=devmentor.interval=600000");
        try (Monitoring monitoring = engine(Map.of())) {
            List<MonitoringEvent> events = recording(monitoring, "*");
            monitoring.start();
            Await.until(WAIT, "worker-1 up", () -> status(monitoring, "worker-1").equals(Optional.of(HealthStatus.UP)));

            long killed = System.nanoTime();
            podman.podman("kill", "worker-1");
            MonitoringEvent down = awaitEvent(events, "service.down of worker-1",
                    e -> e.type().equals(EventTypes.SERVICE_DOWN) && e.source().equals("worker-1"));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(tookMillis < 5_000, "service.down " + tookMillis + " ms after the kill");
            assertTrue(String.valueOf(down.data()).contains("exit code 137"), down.data().toString());
            MonitoringEvent died = awaitEvent(events, "container.die", e -> e.type().equals("container.die")
                    && e.source().equals("worker-1"));
            assertEquals("137", died.data().get("exitCode"));
            assertEquals("worker-1", died.data().get("container"));
            Await.until(WAIT, "the outage's incident", () -> monitoring.incidents().active().stream()
                    .anyMatch(i -> i.service().equals("worker-1")));
        } finally {
            podman.podman("rm", "-f", "-t", "0", "worker-1");
        }
    }

    @Test
    void theHealthcheckStatusMakesTheServiceUpDegradedOrDown() throws Exception {
        podman.run("api-1", WATCH, "--label=devmentor.retries=0", "--health-cmd=test -f /tmp/healthy",
                "--health-retries=1", "--health-interval=disable");
        try (Monitoring monitoring = engine(Map.of())) {
            monitoring.start();
            Await.until(WAIT, "api-1 degraded while its health check has not passed yet",
                    () -> status(monitoring, "api-1").equals(Optional.of(HealthStatus.DEGRADED)));

            podman.podman("exec", "api-1", "touch", "/tmp/healthy");
            podman.healthcheck("api-1");
            Await.until(WAIT, "api-1 up once healthy",
                    () -> status(monitoring, "api-1").equals(Optional.of(HealthStatus.UP)));

            podman.podman("exec", "api-1", "rm", "/tmp/healthy");
            podman.healthcheck("api-1");
            Await.until(WAIT, "api-1 down once unhealthy", () -> status(monitoring, "api-1")
                    .equals(Optional.of(HealthStatus.DOWN)));
            assertTrue(monitoring.service("api-1").orElseThrow().lastResult().orElseThrow().message()
                    .contains("unhealthy"));

            podman.podman("exec", "api-1", "touch", "/tmp/healthy");
            podman.healthcheck("api-1");
            podman.podman("pause", "api-1");
            Await.until(WAIT, "api-1 degraded while paused", () -> status(monitoring, "api-1")
                    .equals(Optional.of(HealthStatus.DEGRADED)));
            assertEquals("container paused", monitoring.service("api-1").orElseThrow().lastResult().orElseThrow()
                    .message());
            podman.podman("unpause", "api-1");
        } finally {
            podman.podman("rm", "-f", "-t", "0", "api-1");
        }
    }

    @Test
    void collectsEachContainersCpuMemoryNetworkBlockIoAndRestarts() throws Exception {
        podman.runCommand("busy-1", List.of(WATCH), "/bin/sh", "-c", "yes > /dev/null");
        podman.run("idle-1", WATCH, "--memory=64m");
        try (Monitoring monitoring = engine(Map.of("METRICS_COLLECTION_INTERVAL", "1000"))) {
            monitoring.start();
            Await.until(WAIT, "a CPU reading of busy-1 (two rounds)",
                    () -> sample(monitoring, "container.cpu.usage.percent",
                    "busy-1").isPresent());
            double busyCpu = sample(monitoring, "container.cpu.usage.percent", "busy-1").orElseThrow().value();
            assertTrue(busyCpu > 20 && busyCpu < 250, "a busy loop uses a core or so: " + busyCpu + " %");
            Await.until(WAIT, "a CPU reading of idle-1",
                    () -> sample(monitoring, "container.cpu.usage.percent", "idle-1")
                    .isPresent());
            assertTrue(sample(monitoring, "container.cpu.usage.percent", "idle-1").orElseThrow().value() < 10);

            assertTrue(sample(monitoring, "container.memory.usage", "idle-1").orElseThrow().value() > 0);
            assertEquals(64.0 * 1024 * 1024, sample(monitoring, "container.memory.limit", "idle-1").orElseThrow()
                    .value(), "the limit set with --memory");
            assertTrue(sample(monitoring, "container.network.receive", "idle-1").isPresent());
            assertTrue(sample(monitoring, "container.network.transmit", "idle-1").isPresent());
            assertTrue(sample(monitoring, "container.fs.reads", "idle-1").isPresent());
            assertEquals(0.0, sample(monitoring, "container.restarts", "idle-1").orElseThrow().value());
            MetricSample memory = sample(monitoring, "container.memory.usage", "busy-1").orElseThrow();
            assertEquals(Map.of("container", "busy-1", "service", "busy-1"), memory.tags());
            assertEquals(Optional.of("bytes"), memory.baseUnit());
        } finally {
            podman.podman("rm", "-f", "-t", "0", "busy-1", "idle-1");
        }
    }

    @Test
    void restartsOnlyTheContainersTheConfigurationAllows() throws Exception {
        podman.run("cart-1", WATCH);
        podman.run("ledger-1", WATCH);
        try (Monitoring monitoring = engine(Map.of("DOCKER_RESTART_ALLOWED", "cart-1"))) {
            List<MonitoringEvent> events = recording(monitoring, "service.*");
            monitoring.start();
            Await.until(WAIT, "both up", () -> status(monitoring, "cart-1").equals(Optional.of(HealthStatus.UP))
                    && status(monitoring, "ledger-1").equals(Optional.of(HealthStatus.UP)));
            assertTrue(monitoring.canRestart("cart-1"));
            assertFalse(monitoring.canRestart("ledger-1"));

            String startedBefore = podman.podman("inspect", "--format", "{{.State.StartedAt}}", "cart-1").strip();
            RestartResult result = monitoring.restart("cart-1", "tester").toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertTrue(result.success(), result.message());
            assertNotEquals(startedBefore, podman.podman("inspect", "--format", "{{.State.StartedAt}}", "cart-1")
                    .strip(), "the container was started again");
            MonitoringEvent restarted = awaitEvent(events, "service.restarted", e -> e.source().equals("cart-1")
                    && e.type().equals(EventTypes.SERVICE_RESTARTED));
            assertEquals(true, restarted.data().get("success"));
            Await.until(WAIT, "cart-1 checked after its restart",
                    () -> monitoring.service("cart-1").orElseThrow().lastResult()
                    .orElseThrow().checkedAt().isAfter(restarted.timestamp().minusMillis(1)));
            assertEquals(HealthStatus.UP, monitoring.service("cart-1").orElseThrow().status());
            assertTrue(events.stream().noneMatch(e -> e.type().equals(EventTypes.SERVICE_DOWN)),
                    "a restart that was asked for is no outage: " + events);
            assertTrue(monitoring.incidents().active().isEmpty(), "and opens no incident");

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> monitoring.restart("ledger-1", "tester"));
            assertTrue(refused.getMessage().contains("no service controller can restart 'ledger-1'")
                    && refused.getMessage().contains("DOCKER_RESTART_ALLOWED names (now: cart-1)"), refused.getMessage());
            assertEquals("running", podman.podman("inspect", "--format", "{{.State.Status}}", "ledger-1").strip());
        } finally {
            podman.podman("rm", "-f", "-t", "0", "cart-1", "ledger-1");
        }
    }

    @Test
    void carriesOnWhileTheDaemonIsAwayAndCatchesUpWhenItReturns() throws Exception {
        podman.run("queue-1", WATCH, "--label=devmentor.interval=600000");
        try (Monitoring monitoring = engine(Map.of())) {
            List<MonitoringEvent> events = recording(monitoring, "*");
            monitoring.start();
            Await.until(WAIT, "queue-1 up", () -> status(monitoring, "queue-1").equals(Optional.of(HealthStatus.UP)));

            podman.stopService();
            // The container dies while nobody can tell the engine.
            podman.podman("kill", "queue-1");
            Thread.sleep(1_500);
            assertTrue(monitoring.service("queue-1").isPresent(), "services stay while the daemon is away");
            podman.startService();
            awaitEvent(events, "service.down of queue-1 once the daemon is back",
                    e -> e.type().equals(EventTypes.SERVICE_DOWN) && e.source().equals("queue-1"));
            assertTrue(events.stream().anyMatch(e -> e.type().equals("docker.unavailable")));
            awaitEvent(events, "docker.available", e -> e.type().equals("docker.available"));

            // And the event stream works again.
            podman.podman("start", "queue-1");
            awaitEvent(events, "service.up of queue-1 from the new event stream",
                    e -> e.type().equals(EventTypes.SERVICE_UP) && e.source().equals("queue-1")
                            && events.indexOf(e) > events.indexOf(events.stream()
                                    .filter(d -> d.type().equals(EventTypes.SERVICE_DOWN)).findFirst().orElseThrow()));
        } finally {
            podman.podman("rm", "-f", "-t", "0", "queue-1");
        }
    }

    @Test
    void withoutADockerSocketTheAdapterSaysWhyAndTheEngineRunsWithoutIt() {
        Map<String, String> environment = Map.of("MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "METRICS_COLLECTION_INTERVAL", "60000", "DOCKER_HOST", "unix://" + dir.resolve("no-such.sock"));
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(environment, dir)).build()) {
            monitoring.start();
            List<PluginStatus> docker = monitoring.plugins().stream().filter(p -> p.name().equals("docker")).toList();
            assertEquals(4, docker.size(), docker.toString());
            for (PluginStatus status : docker) {
                assertEquals(PluginStatus.State.UNAVAILABLE, status.state());
                assertTrue(status.reason().contains("no Docker socket at") && status.reason().contains("DOCKER_HOST"),
                        status.reason());
            }
            assertTrue(monitoring.plugins().stream().anyMatch(p -> p.name().equals("http")
                    && p.extensionPoint().equals("HealthCheckerProvider") && p.state() == PluginStatus.State.ACTIVE),
                    monitoring.plugins().toString());
        }
    }

    private static Optional<MetricSample> sample(Monitoring monitoring, String name, String container) {
        return monitoring.samples().getOrDefault("docker", List.of()).stream()
                .filter(s -> s.name().equals(name) && container.equals(s.tags().get("container"))).findFirst();
    }

    private static MonitoringEvent awaitEvent(List<MonitoringEvent> events, String what,
            Predicate<MonitoringEvent> test) {
        Await.until(WAIT, what, () -> events.stream().anyMatch(test));
        return events.stream().filter(test).findFirst().orElseThrow();
    }
}
