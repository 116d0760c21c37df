package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.RestartPolicy;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.PluginContext;
import io.devmentor.monitoring.spi.Predictor;
import io.devmentor.monitoring.spi.PredictorProvider;
import io.devmentor.monitoring.tck.Await;
import io.devmentor.monitoring.tck.VirtualTime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host can ask of the engine at once, as the seed's {@code MonitoringEngine} offers it: a check now, the
 * overall health, a collection round, the predictors' answer, the auto-response of an incident. The intervals are
 * an hour, so only these calls make anything happen.
 */
class HostApiTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final AtomicReference<HealthStatus> jobs = new AtomicReference<>(HealthStatus.UP);
    private final AtomicReference<HealthStatus> reports = new AtomicReference<>(HealthStatus.UP);
    private final AtomicInteger checks = new AtomicInteger();

    private MonitoringBuilder builder() {
        return Monitoring.builder()
                .configuration(TestSupport.configuration(dir, HOUR.toMillis()))
                .meterRegistry(new SimpleMeterRegistry())
                .service(ServiceDefinition.builder("jobs").kind("fixed").critical(true).interval(HOUR).retryAttempts(0)
                        .build())
                .service(ServiceDefinition.builder("reports").kind("fixed").interval(HOUR).retryAttempts(0).build())
                .healthChecker("fixed", service -> {
                    checks.incrementAndGet();
                    HealthStatus status = service.name().equals("jobs") ? jobs.get() : reports.get();
                    return CompletableFuture.completedFuture(new CheckResult(status, Instant.now(), Duration.ZERO,
                            "told " + status, Map.of()));
                });
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void checkNowAnswersWithTheStateOfACheckMadeAfterTheCall() throws Exception {
        try (Monitoring monitoring = builder().build()) {
            ExecutionException early = assertThrows(ExecutionException.class, () -> await(monitoring.checkNow("jobs")));
            assertInstanceOf(IllegalStateException.class, early.getCause(), "before start()");
            monitoring.start();
            assertEquals(HealthStatus.UP, await(monitoring.checkNow("jobs")).status());
            jobs.set(HealthStatus.DOWN);
            int before = checks.get();
            ServiceState down = await(monitoring.checkNow("jobs"));
            assertEquals(HealthStatus.DOWN, down.status());
            assertEquals("told DOWN", down.lastResult().orElseThrow().message());
            assertTrue(checks.get() > before);
            ExecutionException unknown = assertThrows(ExecutionException.class, () -> await(monitoring.checkNow("nope")));
            assertInstanceOf(java.util.NoSuchElementException.class, unknown.getCause());

            monitoring.stop();
            int stoppedAt = checks.get();
            ExecutionException late = assertThrows(ExecutionException.class, () -> await(monitoring.checkNow("jobs")));
            assertInstanceOf(IllegalStateException.class, late.getCause(), "after stop()");
            assertThrows(IllegalStateException.class, monitoring::start, "a stopped engine does not start again");
            assertEquals(stoppedAt, checks.get(), "no check after stop()");
        }
    }

    @Test
    void theLastChecksAndTheUptimeAreKeptForEachService() throws Exception {
        try (Monitoring monitoring = builder().build()) {
            monitoring.start();
            for (HealthStatus status : List.of(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DEGRADED, HealthStatus.UP)) {
                jobs.set(status);
                await(monitoring.checkNow("jobs"));
            }
            List<RecentCheck> recent = monitoring.recentChecks("jobs");
            // The start may have checked once before the four asked for.
            List<RecentCheck> asked = recent.subList(recent.size() - 4, recent.size());
            assertEquals(List.of(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DEGRADED, HealthStatus.UP),
                    asked.stream().map(RecentCheck::status).toList());
            assertEquals(List.of(Optional.empty(), Optional.of("told DOWN"), Optional.of("told DEGRADED"),
                    Optional.empty()), asked.stream().map(RecentCheck::message).toList(),
                    "the message of each check that was not up");
            for (int i = 1; i < recent.size(); i++) {
                assertTrue(!recent.get(i).checkedAt().isBefore(recent.get(i - 1).checkedAt()), "the oldest first");
            }

            Uptime uptime = monitoring.uptime("jobs").orElseThrow();
            long down = recent.stream().filter(c -> c.status() == HealthStatus.DOWN).count();
            double expected = (double) (recent.size() - down) / recent.size();
            assertEquals(expected, uptime.lastDay().orElseThrow(), 1e-9, "degraded counts as up, down does not");
            assertEquals(expected, uptime.lastMonth().orElseThrow(), 1e-9);
            List<Optional<Double>> days = monitoring.dailyUptime("jobs", 90);
            assertEquals(90, days.size());
            assertEquals(expected, days.get(89).orElseThrow(), 1e-9, "today's, the last");
            assertEquals(Optional.empty(), days.get(88), "no checks yesterday");
            assertEquals(List.of(), monitoring.dailyUptime("nope", 90));
            assertEquals(List.of(), monitoring.recentChecks("nope"));
            assertEquals(Optional.empty(), monitoring.uptime("nope"));

            for (int i = 0; i < 60; i++) {
                await(monitoring.checkNow("jobs"));
            }
            assertEquals(50, monitoring.recentChecks("jobs").size(), "the last 50 only");
        }
    }

    @Test
    void healthIsTheCompositeOfTheServices() throws Exception {
        try (Monitoring monitoring = builder().build()) {
            assertEquals(HealthStatus.UNKNOWN, monitoring.health().status(), "nothing checked yet");
            monitoring.start();
            await(monitoring.checkNow("jobs"));
            await(monitoring.checkNow("reports"));
            assertEquals(new Health(HealthStatus.UP, Map.of("jobs", HealthStatus.UP, "reports", HealthStatus.UP)),
                    monitoring.health());
            reports.set(HealthStatus.DOWN);
            await(monitoring.checkNow("reports"));
            assertEquals(HealthStatus.DEGRADED, monitoring.health().status(), "a service that is not critical is down");
            jobs.set(HealthStatus.DOWN);
            await(monitoring.checkNow("jobs"));
            assertEquals(HealthStatus.DOWN, monitoring.health().status(), "a critical service is down");
            assertEquals(HealthStatus.DOWN, monitoring.health().components().get("jobs"));
        }
        assertEquals(HealthStatus.UP, Health.of(List.of()).status(), "no services: nothing to be unhealthy about");
    }

    @Test
    void collectNowRunsARoundAtOnce() {
        try (Monitoring monitoring = builder().build()) {
            monitoring.start();
            Optional<SystemMetrics> metrics = monitoring.collectNow();
            assertTrue(metrics.isPresent(), "the system collector ran");
            assertTrue(metrics.get().cpu().cores() > 0);
            Instant first = metrics.get().timestamp();
            assertTrue(monitoring.collectNow().orElseThrow().timestamp().isAfter(first), "each call is a new round");
        }
    }

    @Test
    void predictNowAsksThePredictorsAndPublishesWhatIsNew() {
        Prediction full = new Prediction("jobs", "capacity_planning", IncidentSeverity.HIGH, "queue full in 2 h",
                "add a worker", 0.95, Map.of("series", "queue.depth"), Optional.of(Duration.ofHours(2)), Instant.now());
        Prediction doubtful = new Prediction("reports", "capacity_planning", IncidentSeverity.LOW, "maybe", "wait",
                0.3, Map.of("series", "queue.depth"), Optional.empty(), Instant.now());
        try (Monitoring monitoring = builder().discoverPlugins(false).predictorProvider(provider(List.of(full, doubtful)))
                .build()) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of(EventTypes.PREDICTION_GENERATED), recorder);
            monitoring.start();
            assertEquals(List.of(full), monitoring.predictNow(), "only what reaches PREDICTION_THRESHOLD (0.8)");
            recorder.awaitFirst(Duration.ofSeconds(10), "prediction.generated", e -> e.source().equals("jobs"));
            assertEquals(List.of(full), monitoring.predictNow());
            assertEquals(1, recorder.events.size(), "a condition that still holds is not published again");
        }
    }

    @Test
    void respondRestartsTheServiceOfAnIncidentByItsPolicyNow() throws Exception {
        try (HttpTarget controller = new HttpTarget();
                Monitoring monitoring = Monitoring.builder()
                        .configuration(TestSupport.configuration(dir, HOUR.toMillis()))
                        .meterRegistry(new SimpleMeterRegistry())
                        .service(ServiceDefinition.builder("jobs").kind("fixed").critical(true).interval(HOUR)
                                .retryAttempts(0).autoRestart(new RestartPolicy(100, Duration.ofMinutes(5), 3))
                                .setting("restartUrl", controller.url() + "/restart").build())
                        .service(ServiceDefinition.builder("reports").kind("fixed").critical(true).interval(HOUR)
                                .retryAttempts(0).build())
                        .healthChecker("fixed", service -> CompletableFuture.completedFuture(new CheckResult(
                                HealthStatus.DOWN, Instant.now(), Duration.ZERO, "down", Map.of())))
                        .build()) {
            monitoring.start();
            await(monitoring.checkNow("jobs"));
            await(monitoring.checkNow("reports"));
            Await.until(Duration.ofSeconds(10), "two incidents", () -> monitoring.incidents().active().size() == 2);
            Incident jobsIncident = monitoring.incidents().active().stream().filter(i -> i.service().equals("jobs"))
                    .findFirst().orElseThrow();
            assertTrue(monitoring.restartable("jobs"), "its restartUrl gives the HTTP controller something to call");
            assertEquals(false, monitoring.restartable("reports"), "nothing can restart it");
            assertEquals(false, monitoring.restartable("nope"));
            RestartResult result = await(monitoring.respond(jobsIncident.id()));
            assertTrue(result.success(), result.toString());
            assertTrue(controller.paths().contains("/restart"), "the controller was called: " + controller.paths());

            ExecutionException cooling = assertThrows(ExecutionException.class, () -> await(monitoring.respond(jobsIncident.id())));
            assertTrue(cooling.getCause().getMessage().contains("cooldown"), cooling.getCause().getMessage());
            Incident reportsIncident = monitoring.incidents().active().stream()
                    .filter(i -> i.service().equals("reports")).findFirst().orElseThrow();
            ExecutionException none = assertThrows(ExecutionException.class, () -> await(monitoring.respond(reportsIncident.id())));
            assertTrue(none.getCause().getMessage().contains("no auto-response policy"), none.getCause().getMessage());
            ExecutionException unknown = assertThrows(ExecutionException.class, () -> await(monitoring.respond("nope")));
            assertInstanceOf(java.util.NoSuchElementException.class, unknown.getCause());
        }
    }

    private static PredictorProvider provider(List<Prediction> answers) {
        return new PredictorProvider() {
            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public Predictor create(PluginContext context) {
                return new Predictor() {
                    @Override
                    public String type() {
                        return "capacity_planning";
                    }

                    @Override
                    public void observe(MetricSample sample, Instant at) {
                    }

                    @Override
                    public List<Prediction> predict(Instant now) {
                        return answers;
                    }
                };
            }
        };
    }

    /**
     * On the host's scheduler, time is the host's: checks come when it lets their interval pass, and at close the
     * engine takes back what it scheduled, leaving the scheduler running.
     */
    @Test
    void onTheHostsSchedulerChecksComeWhenItsTimePassesAndCloseTakesBackWhatWasScheduled() {
        VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-05-01T00:00:00Z"));
        try {
            Monitoring monitoring = builder().scheduler(time).clock(time.clock()).ticker(time::nanoTime)
                    .executor(time.workers(2)).build();
            monitoring.start();
            time.advance(Duration.ofMinutes(1));
            int first = checks.get();
            assertEquals(2, first, "each service checked once, within its first interval");
            // Each interval is an hour give or take its jitter (up to 5 %): after three and a half, three more each.
            time.advance(Duration.ofMinutes(209));
            assertEquals(first + 6, checks.get(), "three more checks each");
            assertEquals(4, monitoring.service("jobs").orElseThrow().checks());
            monitoring.close();
            time.advance(HOUR.multipliedBy(3));
            assertEquals(first + 6, checks.get(), "nothing after close");
            assertEquals(0, time.pending(), "every task of the engine taken back");
            assertTrue(!time.isShutdown(), "the host's scheduler still runs");
        } finally {
            time.shutdownNow();
        }
    }
}
