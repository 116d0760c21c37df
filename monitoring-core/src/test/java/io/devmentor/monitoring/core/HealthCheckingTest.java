package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.Expectations;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Health checks against real HTTP and TCP servers on loopback. */
@Isolated("it counts the threads the JVM starts")
class HealthCheckingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Monitoring monitoring(ServiceDefinition... services) {
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(new SimpleMeterRegistry());
        for (ServiceDefinition service : services) {
            builder.service(service);
        }
        return builder.build();
    }

    private static ServiceDefinition.Builder http(String name, HttpTarget target) {
        return ServiceDefinition.builder(name).url(target.url()).interval(Duration.ofMillis(200))
                .timeout(Duration.ofMillis(500));
    }

    @Test
    void aUrlWithAPathIsTheHealthEndpointItselfAndAUrlWithoutOneGetsSlashHealth() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(
                        ServiceDefinition.builder("actuator").url(target.url() + "/actuator/health").build(),
                        ServiceDefinition.builder("plain").url(target.url()).build(),
                        ServiceDefinition.builder("explicit").url(target.url() + "/api").healthEndpoint("/ping").build())) {
            monitoring.start();
            Await.until(WAIT, "three paths checked", () -> target.paths().size() >= 3);
            assertEquals(java.util.Set.of("/actuator/health", "/health", "/api/ping"), target.paths());
        }
    }

    @Test
    void httpChecksStartNoThreadPerCheck() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("api", target).interval(Duration.ofMillis(10)).build())) {
            monitoring.start();
            Await.until(WAIT, "warmed up", () -> target.requests() >= 20);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long startedBefore = threads.getTotalStartedThreadCount();
            int before = target.requests();
            Await.until(WAIT, "200 more checks", () -> target.requests() >= before + 200);
            long started = threads.getTotalStartedThreadCount() - startedBefore;
            int checks = target.requests() - before;
            // A thread per check would start at least one for each; pools that grow with the load start a few.
            assertTrue(started * 10 < checks, started + " threads started for " + checks + " checks");
        }
    }

    @Test
    void marksServiceDownOnlyAfterRetriesAreExhaustedThenUpAgain() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("api", target).retryAttempts(2).build())) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("service.*"), recorder);
            monitoring.start();
            recorder.awaitFirst(WAIT, "service.up", e -> e.type().equals(EventTypes.SERVICE_UP));

            int before = target.requests();
            target.mode(HttpTarget.Mode.ERROR_500);
            MonitoringEvent down = recorder.awaitFirst(WAIT, "service.down",
                    e -> e.type().equals(EventTypes.SERVICE_DOWN));
            assertEquals(3, down.data().get("attempts"), "one attempt and two retries");
            assertTrue(target.requests() - before >= 3, "the target saw every attempt");
            assertEquals("HTTP 500", down.data().get("message"));
            assertEquals(Severity.ERROR, down.severity());
            String outage = down.metadata().correlationId().orElseThrow();
            assertEquals(HealthStatus.DOWN, monitoring.service("api").orElseThrow().status());

            target.mode(HttpTarget.Mode.OK);
            MonitoringEvent up = recorder.awaitFirst(WAIT, "recovery",
                    e -> e.type().equals(EventTypes.SERVICE_UP) && e.metadata().correlationId().isPresent());
            assertEquals(outage, up.metadata().correlationId().orElseThrow(), "the recovery belongs to the outage");
            ServiceState state = monitoring.service("api").orElseThrow();
            assertEquals(HealthStatus.UP, state.status());
            assertTrue(state.failures() >= 1);
            assertTrue(state.availability() < 1.0);
        }
    }

    @Test
    void aFailureThatRecoversWithinTheRetriesNeverMarksTheServiceDown() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("api", target).retryAttempts(3).build())) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.ALL, recorder);
            monitoring.start();
            recorder.awaitFirst(WAIT, "service.up", e -> e.type().equals(EventTypes.SERVICE_UP));
            // One failing answer, then healthy again: the retry must absorb it.
            target.mode(HttpTarget.Mode.ERROR_500);
            int failingFrom = target.requests();
            Await.until(WAIT, "a failing request", () -> target.requests() > failingFrom);
            target.mode(HttpTarget.Mode.OK);
            int settled = target.requests();
            Await.until(WAIT, "more checks", () -> target.requests() > settled + 3);
            assertEquals(0, recorder.count(e -> e.type().equals(EventTypes.SERVICE_DOWN)));
        }
    }

    @Test
    void slowResponsesMakeTheServiceDegraded() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("slow", target).timeout(Duration.ofSeconds(2))
                        .expect(new Expectations(Set.of(), Optional.empty(), Optional.of(Duration.ofMillis(100))))
                        .build())) {
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("service.degraded"), recorder);
            target.slowMillis(300);
            target.mode(HttpTarget.Mode.SLOW);
            monitoring.start();
            MonitoringEvent degraded = recorder.awaitFirst(WAIT, "service.degraded", e -> true);
            assertEquals(Severity.WARNING, degraded.severity());
            assertTrue(((String) degraded.data().get("message")).contains("limit 100 ms"));
            assertEquals(HealthStatus.DEGRADED, monitoring.service("slow").orElseThrow().status());
        }
    }

    @Test
    void aHungTargetTimesOutOnTimeAndDelaysNoOtherCheck() throws Exception {
        try (HttpTarget hung = new HttpTarget(); HttpTarget fast = new HttpTarget();
                Monitoring monitoring = monitoring(
                        http("hung", hung).timeout(Duration.ofMillis(300)).retryAttempts(0).build(),
                        http("fast", fast).interval(Duration.ofMillis(100)).build())) {
            hung.mode(HttpTarget.Mode.HANG);
            TestSupport.Recorder recorder = new TestSupport.Recorder();
            monitoring.subscribe(EventFilter.of("service.down"), recorder);
            monitoring.start();
            long started = System.nanoTime();
            MonitoringEvent down = recorder.awaitFirst(WAIT, "the hung service's timeout", e -> true);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals("hung", down.source());
            assertEquals("timed out after 300 ms", down.data().get("message"));
            // Its first check starts within 2 s (spread start), then times out after 300 ms.
            assertTrue(tookMillis < 2_300 + 500, "timed out after " + tookMillis + " ms");

            // While the hung target holds connections open, the fast one keeps its 100 ms rhythm.
            int checksBefore = fast.requests();
            Thread.sleep(1_000);
            int checksInASecond = fast.requests() - checksBefore;
            assertTrue(checksInASecond >= 7, "fast service checked " + checksInASecond + " times in 1 s");
            assertEquals(HealthStatus.UP, monitoring.service("fast").orElseThrow().status());
        }
    }

    @Test
    void readsAtMostTheBoundOfAHugeBodyAndCallsItDown() throws Exception {
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("huge", target).timeout(Duration.ofSeconds(5)).build())) {
            target.mode(HttpTarget.Mode.HUGE_BODY);
            monitoring.start();
            Await.until(WAIT, "a first check",
                    () -> monitoring.service("huge").orElseThrow().lastResult().isPresent());
            ServiceState state = monitoring.service("huge").orElseThrow();
            assertEquals(HealthStatus.DOWN, state.status(), "a body over the limit fails the check");
            assertEquals(1024 * 1024, state.lastResult().orElseThrow().details().get("maxBodyBytes"));
            // The checker hung up: the server could not write its 100 MiB.
            Thread.sleep(200);
            assertTrue(target.bytesWritten() < 100L * 1024 * 1024, "server wrote " + target.bytesWritten());
        }
    }

    @Test
    void checksAFieldOfTheJsonBody() throws Exception {
        Expectations expectStatusOk = new Expectations(Set.of(),
                Optional.of(new Expectations.JsonFieldCondition("checks.db", "ok")), Optional.empty());
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("json", target).retryAttempts(0).expect(expectStatusOk).build())) {
            target.json("{\"checks\":{\"db\":\"ok\"}}");
            monitoring.start();
            Await.until(WAIT, "UP", () -> monitoring.service("json").orElseThrow().status() == HealthStatus.UP);
            target.json("{\"checks\":{\"db\":\"failing\"}}");
            Await.until(WAIT, "DOWN", () -> monitoring.service("json").orElseThrow().status() == HealthStatus.DOWN);
            assertEquals("field checks.db is 'failing', expected 'ok'",
                    monitoring.service("json").orElseThrow().lastResult().orElseThrow().message());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void conditionsJudgeARealAnswerAndTheServiceShowsEachWithTheValueSeen() throws Exception {
        Expectations conditions = Expectations.DEFAULT.withConditions(List.of("[STATUS] == 500",
                "[BODY].checks.db == ok", "[RESPONSE_TIME] < 2000"));
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("judged", target).retryAttempts(0).expect(conditions)
                        .build())) {
            target.mode(HttpTarget.Mode.ERROR_500);
            monitoring.start();
            // A 500 is what this service should answer: its conditions say so, not the 2xx-or-3xx default.
            Await.until(WAIT, "a first check", () -> monitoring.service("judged").orElseThrow().lastResult()
                    .isPresent());
            CheckResult first = monitoring.service("judged").orElseThrow().lastResult().orElseThrow();
            List<Map<String, Object>> listed = (List<Map<String, Object>>) first.details().get("conditions");
            assertEquals(3, listed.size(), first.details().toString());
            assertEquals(Map.of("condition", "[STATUS] == 500", "passed", true, "value", 500), listed.get(0));
            assertEquals(false, listed.get(1).get("passed"), "the 500's body has no checks.db");
            assertEquals(HealthStatus.DOWN, monitoring.service("judged").orElseThrow().status());
            assertTrue(first.message().startsWith("condition failed: [BODY].checks.db == ok (was"), first.message());
            assertTrue(!first.details().containsKey(CheckResult.BODY_FOR_CONDITIONS));
        }
    }

    @Test
    void acceptsOnlyTheExpectedStatusCodes() throws Exception {
        Expectations only500 = new Expectations(Set.of(500), Optional.empty(), Optional.empty());
        try (HttpTarget target = new HttpTarget();
                Monitoring monitoring = monitoring(http("odd", target).retryAttempts(0).expect(only500).build())) {
            monitoring.start();
            Await.until(WAIT, "DOWN on 200",
                    () -> monitoring.service("odd").orElseThrow().status() == HealthStatus.DOWN);
            target.mode(HttpTarget.Mode.ERROR_500);
            Await.until(WAIT, "UP on 500", () -> monitoring.service("odd").orElseThrow().status() == HealthStatus.UP);
        }
    }

    @Test
    void tcpCheckIsUpWhileThePortAcceptsAndDownWhenRefused() throws Exception {
        int port;
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        port = socket.getLocalPort();
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("db").kind("tcp")
                .hostAndPort("127.0.0.1", port).interval(Duration.ofMillis(100)).retryAttempts(0).build())) {
            monitoring.start();
            Await.until(WAIT, "UP", () -> monitoring.service("db").orElseThrow().status() == HealthStatus.UP);
            socket.close();
            Await.until(WAIT, "DOWN", () -> monitoring.service("db").orElseThrow().status() == HealthStatus.DOWN);
            assertEquals("connection refused", monitoring.service("db").orElseThrow().lastResult().orElseThrow().message());
        } finally {
            socket.close();
        }
    }

    @Test
    void aServiceOfAnUnknownKindStaysUnknownAndSaysWhy() {
        try (Monitoring monitoring = monitoring(ServiceDefinition.builder("box").kind("docker")
                .interval(Duration.ofMillis(100)).build())) {
            monitoring.start();
            Await.until(WAIT, "a check",
                    () -> monitoring.service("box").orElseThrow().lastResult().isPresent());
            ServiceState state = monitoring.service("box").orElseThrow();
            assertEquals(HealthStatus.UNKNOWN, state.status());
            assertTrue(state.lastResult().orElseThrow().message().contains("no health checker of kind 'docker'"));
            assertFalse(state.lastResult().orElseThrow().message().isBlank());
        }
    }

    @Test
    void aLargeFleetsFirstChecksComeAtMostAThousandASecond() {
        int services = 4_000;
        java.util.concurrent.ConcurrentLinkedQueue<Long> firstChecks = new java.util.concurrent.ConcurrentLinkedQueue<>();
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(TestSupport.configuration(dir, 60_000))
                .meterRegistry(new SimpleMeterRegistry())
                .healthChecker("counted", service -> {
                    firstChecks.add(System.nanoTime());
                    return java.util.concurrent.CompletableFuture.completedFuture(new io.devmentor.monitoring.api.CheckResult(
                            HealthStatus.UP, java.time.Instant.now(), Duration.ZERO, "counted", java.util.Map.of()));
                });
        for (int i = 0; i < services; i++) {
            builder.service(ServiceDefinition.builder("s" + i).kind("counted").interval(Duration.ofMinutes(1)).build());
        }
        try (Monitoring monitoring = builder.build()) {
            monitoring.start();
            Await.until(Duration.ofSeconds(20), "every first check", () -> firstChecks.size() >= services);
            // From the first check, not from the call to start: what start does before it plans the checks (its
            // stores, its subscriptions) takes longer on a loaded machine, and is not the spread's rate.
            long started = firstChecks.stream().mapToLong(Long::longValue).min().orElseThrow();
            long[] seconds = new long[10];
            firstChecks.forEach(at -> seconds[(int) Math.min(9, Duration.ofNanos(at - started).toSeconds())]++);
            // 4,000 services over 4 s: about 1,000 a second, never the 2,000 a second of a 2 s spread.
            for (long inOneSecond : java.util.Arrays.copyOf(seconds, 4)) {
                assertTrue(inOneSecond < 1_250, java.util.Arrays.toString(seconds));
            }
            assertTrue(seconds[3] > 0 && seconds[4] + seconds[5] < 50, java.util.Arrays.toString(seconds));
        }
    }
}
