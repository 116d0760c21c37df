package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The HTTP checker against targets on raw sockets that answer as no well-behaved server would. */
@Isolated("it measures the live heap")
class HttpHealthCheckerTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** What a check may take past its timeout (the deadline's timer and the hand-over of its result), as promised. */
    private static final long SLACK_MILLIS = 100;

    private static final Map<String, String> ENVIRONMENT = Map.of("TARGET_TOKEN", "s3cret-token-value",
            "TARGET_PASSWORD", "pa55word");

    private final HttpHealthChecker checker = new HttpHealthChecker(Clock.systemUTC(), 64 * 1024, "test",
            name -> java.util.Optional.ofNullable(ENVIRONMENT.get(name)));

    private static ServiceDefinition service(String url) {
        return ServiceDefinition.builder("target").url(url).timeout(TIMEOUT).build();
    }

    private record Timed(CheckResult result, long millis) {
    }

    private Timed check(ServiceDefinition service) throws Exception {
        return start(service).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Timed> start(ServiceDefinition service) {
        long start = System.nanoTime();
        return checker.check(service).toCompletableFuture()
                .thenApply(result -> new Timed(result, (System.nanoTime() - start) / 1_000_000));
    }

    private static void awaitAtMost(int most, IntSupplier open, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (open.getAsInt() > most && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(open.getAsInt() <= most, open.getAsInt() + " connections still open to " + what);
    }

    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * The live heap back within 8 MiB of where it was: a check's buffer may still be on the I/O thread for a moment
     * after its result is handed on, so it is asked again for up to five seconds; a leak stays.
     */
    private static void awaitHeapFlat(long before, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long grown = liveHeap() - before;
        while (grown >= 8L * 1024 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            grown = liveHeap() - before;
        }
        assertTrue(grown < 8L * 1024 * 1024, "live heap grew by " + grown / 1024 + " KiB " + what);
    }

    @Test
    void aTargetWithTenThousandHeadersIsDownAndLeavesNoConnectionsOrHeapBehind() throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Behaviour.MANY_HEADERS); checker) {
            ServiceDefinition service = service(target.url("/health"));
            check(service); // the client's own classes and buffers, before measuring
            long heapBefore = liveHeap();
            for (int i = 0; i < 100; i++) {
                Timed timed = check(service);
                assertEquals(HealthStatus.DOWN, timed.result().status());
                assertTrue(timed.result().message().contains("header"), timed.result().message());
            }
            awaitAtMost(0, target::openConnections, "the target");
            // Each connection kept would hold the answer's 300 KB of headers: 100 of them, 30 MB.
            awaitHeapFlat(heapBefore, "over 100 checks");
        }
    }

    @Test
    void everyHostileTargetEndsWithinItsTimeoutWithItsReasonItsConnectionClosedAndTheHeapFlat() throws Exception {
        List<HostileTarget.Behaviour> behaviours = List.of(HostileTarget.Behaviour.HANG,
                HostileTarget.Behaviour.TRICKLE, HostileTarget.Behaviour.SLOW_HEADERS, HostileTarget.Behaviour.HUGE_BODY,
                HostileTarget.Behaviour.GZIP_BOMB, HostileTarget.Behaviour.REDIRECT_LOOP);
        Map<HostileTarget.Behaviour, HostileTarget> targets = new LinkedHashMap<>();
        try (checker) {
            for (HostileTarget.Behaviour behaviour : behaviours) {
                targets.put(behaviour, new HostileTarget(behaviour));
            }
            for (HostileTarget target : targets.values()) {
                check(service(target.url("/health"))); // the client's classes and buffers, before measuring
            }
            long heapBefore = liveHeap();
            for (int round = 0; round < 3; round++) {
                // Three checks of each at once: each ends at its own deadline, whatever the others do.
                Map<HostileTarget.Behaviour, List<CompletableFuture<Timed>>> checks = new LinkedHashMap<>();
                targets.forEach((behaviour, target) -> {
                    for (int i = 0; i < 3; i++) {
                        checks.computeIfAbsent(behaviour, b -> new ArrayList<>()).add(start(service(target.url("/health"))));
                    }
                });
                for (var entry : checks.entrySet()) {
                    String behaviour = entry.getKey().name();
                    for (CompletableFuture<Timed> check : entry.getValue()) {
                        Timed timed = check.get(10, TimeUnit.SECONDS);
                        assertEquals(HealthStatus.DOWN, timed.result().status(), behaviour);
                        assertTrue(timed.result().message().startsWith(HostileTarget.reason(entry.getKey(), TIMEOUT,
                                64 * 1024)),
                                behaviour + ": " + timed.result().message());
                        assertTrue(timed.millis() <= TIMEOUT.toMillis() + SLACK_MILLIS,
                                behaviour + " took " + timed.millis() + " ms");
                    }
                }
            }
            for (var entry : targets.entrySet()) {
                // The trickling targets see the close at their next byte (a second at most).
                awaitAtMost(0, entry.getValue()::openConnections, entry.getKey().name());
            }
            awaitHeapFlat(heapBefore, "over 54 hostile checks");
        } finally {
            for (HostileTarget target : targets.values()) {
                target.close();
            }
        }
    }

    @Test
    void aGzipBombUnderAGenerousLimitIsReadAsItsBytesOnTheWireAndNeverInflated() throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Behaviour.GZIP_BOMB); checker) {
            ServiceDefinition generous = ServiceDefinition.builder("target").url(target.url("/health")).timeout(TIMEOUT)
                    .setting("maxBodyBytes", Integer.toString(8 << 20)).build();
            check(generous);
            long heapBefore = liveHeap();
            Timed timed = check(generous);
            // Four gigabytes once inflated: had the checker inflated it, it would have run out of heap or time.
            assertEquals(HealthStatus.UP, timed.result().status(), timed.result().message());
            assertEquals("HTTP 200", timed.result().message());
            assertTrue(timed.millis() <= TIMEOUT.toMillis() + SLACK_MILLIS, "took " + timed.millis() + " ms");
            awaitHeapFlat(heapBefore, "after four gigabytes");
        }
    }

    @Test
    void aBodyOverTheLimitIsDownNamingTheLimitAndItsConnectionIsClosed() throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Behaviour.HUGE_BODY); checker) {
            Timed timed = check(service(target.url("/health")));
            assertEquals(HealthStatus.DOWN, timed.result().status());
            assertEquals("HTTP 200, but the body is larger than 65536 bytes (maxBodyBytes)", timed.result().message());
            assertEquals(64 * 1024, timed.result().details().get("maxBodyBytes"));
            assertTrue(timed.millis() <= TIMEOUT.toMillis() + SLACK_MILLIS, "took " + timed.millis() + " ms");
            awaitAtMost(0, target::openConnections, "the target of a gigabyte");

            CheckResult smaller = check(ServiceDefinition.builder("target").url(target.url("/health"))
                    .timeout(TIMEOUT).setting("maxBodyBytes", "1000").build()).result();
            assertEquals("HTTP 200, but the body is larger than 1000 bytes (maxBodyBytes)", smaller.message(),
                    "a service's own limit");
            CheckResult bad = check(ServiceDefinition.builder("target").url(target.url("/health"))
                    .timeout(TIMEOUT).setting("maxBodyBytes", "lots").build()).result();
            assertEquals(HealthStatus.DOWN, bad.status());
            assertTrue(bad.message().endsWith("settings.maxBodyBytes must be a number of bytes, was 'lots'"),
                    bad.message());
        }
    }

    @Test
    void aServiceSendsItsMethodHeadersBodyAndSecretsFromTheEnvironmentWhichNoMessageShows() throws Exception {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer target = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        target.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("X-Probe") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            boolean allowed = ("Bearer " + ENVIRONMENT.get("TARGET_TOKEN"))
                    .equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    || exchange.getRequestHeaders().getFirst("Authorization").startsWith("Basic ");
            exchange.sendResponseHeaders(allowed ? 200 : 401, -1);
            exchange.close();
        });
        target.start();
        String url = "http://127.0.0.1:" + target.getAddress().getPort() + "/health";
        try (checker) {
            CheckResult posted = check(ServiceDefinition.builder("target").url(url).timeout(TIMEOUT)
                    .setting("method", "post").setting("headers.X-Probe", "from ${TARGET_TOKEN}")
                    .setting("bearerToken", "${TARGET_TOKEN}").setting("body", "{\"ping\":1}").build()).result();
            assertEquals(HealthStatus.UP, posted.status(), posted.message());
            assertEquals("POST Bearer s3cret-token-value from s3cret-token-value application/json "
                    + "{\"ping\":1}", seen.get(0));

            CheckResult basic = check(ServiceDefinition.builder("target").url(url).timeout(TIMEOUT)
                    .setting("basicAuth.user", "ops").setting("basicAuth.password", "${TARGET_PASSWORD}").build())
                    .result();
            assertEquals(HealthStatus.UP, basic.status(), basic.message());
            assertTrue(seen.get(1).startsWith("GET Basic " + java.util.Base64.getEncoder().encodeToString(
                    "ops:pa55word".getBytes(java.nio.charset.StandardCharsets.UTF_8))), seen.get(1));

            CheckResult missing = check(ServiceDefinition.builder("target").url(url).timeout(TIMEOUT)
                    .setting("bearerToken", "${NOT_SET_ANYWHERE}").build()).result();
            assertEquals(HealthStatus.DOWN, missing.status());
            assertTrue(missing.message().endsWith("settings.bearerToken names ${NOT_SET_ANYWHERE}, which is not set in"
                    + " the environment"), missing.message());
            assertEquals(2, seen.size(), "nothing sent without its secret");

            for (CheckResult result : java.util.List.of(posted, basic, missing)) {
                String shown = result.message() + result.details();
                assertTrue(!shown.contains("s3cret") && !shown.contains("pa55word"), shown);
            }
            CheckResult badMethod = check(ServiceDefinition.builder("target").url(url).timeout(TIMEOUT)
                    .setting("method", "FETCH").build()).result();
            assertTrue(badMethod.message().endsWith("settings.method must be one of DELETE, GET, HEAD, OPTIONS, PATCH,"
                    + " POST, PUT, was 'FETCH'"), badMethod.message());
        } finally {
            target.stop(0);
        }
    }

    @Test
    void redirectsAreFollowedAndALoopIsDownNamingItsChain() throws Exception {
        try (HostileTarget loop = new HostileTarget(HostileTarget.Behaviour.REDIRECT_LOOP);
                HostileTarget chain = new HostileTarget(HostileTarget.Behaviour.REDIRECT_CHAIN); checker) {
            CheckResult looped = check(service(loop.url("/health"))).result();
            assertEquals(HealthStatus.DOWN, looped.status());
            assertEquals("redirect loop: " + loop.url("/health") + " -> " + loop.url("/health"), looped.message());

            CheckResult followed = check(service(chain.url("/hop/3"))).result();
            assertEquals(HealthStatus.UP, followed.status(), followed.message());
            assertEquals("HTTP 200", followed.message());
            assertEquals(chain.url("/hop/0"), followed.details().get("url"));

            CheckResult notFollowed = check(ServiceDefinition.builder("target").url(chain.url("/hop/3"))
                    .timeout(TIMEOUT).setting("followRedirects", "false").build()).result();
            assertEquals("HTTP 301", notFollowed.message());
            assertEquals(4 + 1, chain.requests(), "three hops and the end, then one unfollowed");
        }
    }
}
