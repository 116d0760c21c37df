package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.tck.Await;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS checker against Debian's {@code dnsmasq} on a loopback port of this test's own, serving A, AAAA, CNAME,
 * MX and TXT records and an NXDOMAIN, and against a port where nothing answers. Fails, never skips, without
 * {@code dnsmasq} ({@code .ci/run} installs it).
 */
class DnsCheckTest {

    private static final Duration TIMEOUT = Duration.ofMillis(800);

    @TempDir
    static Path dir;

    private static Process dnsmasq;
    private static int port;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try {
            dnsmasq = new ProcessBuilder("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--pid-file",
                    "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                    "--address=/app.test/10.1.2.3", "--address=/v6.test/fd00::1", "--address=/missing.test/",
                    "--host-record=both.test,10.0.0.5",
                    "--cname=www.app.test,app.test", "--mx-host=app.test,mail.app.test,10",
                    "--txt-record=app.test,v=spf1 -all")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        } catch (IOException e) {
            fail("dnsmasq is needed (.ci/run installs dnsmasq-base): " + e.getMessage());
        }
        try (DnsHealthChecker checker = new DnsHealthChecker(Clock.systemUTC())) {
            Await.until(Duration.ofSeconds(10), "dnsmasq answering on port " + port, () -> dnsmasq.isAlive()
                    && check(checker, "app.test", "A", Map.of()).status() == HealthStatus.UP);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (dnsmasq != null) {
            dnsmasq.destroy();
            dnsmasq.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static CheckResult check(DnsHealthChecker checker, String name, String record, Map<String, String> more) {
        ServiceDefinition.Builder service = ServiceDefinition.builder("dns").kind("dns").timeout(TIMEOUT)
                .setting("name", name).setting("record", record).setting("server", "127.0.0.1:" + port);
        more.forEach(service::setting);
        try {
            return checker.check(service.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachKindOfRecordResolvesToItsValueAndAWrongOrMissingOneIsDown() {
        try (DnsHealthChecker checker = new DnsHealthChecker(Clock.systemUTC())) {
            CheckResult a = check(checker, "app.test", "A", Map.of("expect", "10.1.2.3"));
            assertEquals(HealthStatus.UP, a.status(), a.message());
            assertEquals("A app.test: 10.1.2.3", a.message());
            assertEquals("NOERROR", a.details().get("rcode"));
            assertEquals(List.of("10.1.2.3"), a.details().get("values"));

            assertEquals("AAAA v6.test: fd00:0:0:0:0:0:0:1", check(checker, "v6.test", "AAAA", Map.of()).message());
            assertEquals("CNAME www.app.test: app.test", check(checker, "www.app.test", "CNAME", Map.of()).message());
            assertEquals("MX app.test: 10 mail.app.test", check(checker, "app.test", "MX", Map.of()).message());
            assertEquals("TXT app.test: v=spf1 -all", check(checker, "app.test", "TXT", Map.of()).message());

            CheckResult wrong = check(checker, "app.test", "A", Map.of("expect", "10.9.9.9"));
            assertEquals(HealthStatus.DOWN, wrong.status());
            assertEquals("A app.test is 10.1.2.3, expected 10.9.9.9", wrong.message());

            CheckResult missing = check(checker, "missing.test", "A", Map.of());
            assertEquals(HealthStatus.DOWN, missing.status());
            assertEquals("A missing.test: NXDOMAIN", missing.message());
            assertEquals("NXDOMAIN", missing.details().get("rcode"));

            // dnsmasq has no AAAA for it and no upstream to ask: it refuses, and the check says so.
            CheckResult refused = check(checker, "both.test", "AAAA", Map.of());
            assertEquals(HealthStatus.DOWN, refused.status());
            assertEquals("AAAA both.test: REFUSED", refused.message());
            assertEquals("A both.test: 10.0.0.5", check(checker, "both.test", "A", Map.of()).message());

            CheckResult badType = check(checker, "app.test", "SRV", Map.of());
            assertEquals("settings.record must be one of A, AAAA, CNAME, MX, TXT, was 'SRV'", badType.message());
        }
    }

    @Test
    void aServerThatNeverAnswersIsDownAtTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DnsHealthChecker checker = new DnsHealthChecker(Clock.systemUTC())) {
            long started = System.nanoTime();
            CheckResult result = checker.check(ServiceDefinition.builder("dns").kind("dns").timeout(TIMEOUT)
                    .setting("name", "app.test").setting("server", "127.0.0.1:" + silent.getLocalPort()).build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(HealthStatus.DOWN, result.status());
            assertEquals("no answer in 800 ms", result.message());
            assertTrue(millis >= TIMEOUT.toMillis() && millis < TIMEOUT.toMillis() + 2000, "took " + millis + " ms");
        }
    }

    @Test
    void conditionsOnTheAnswersCodeJudgeRealAnswersInTheEngine() throws Exception {
        // An NXDOMAIN is what "gone" should get, so its condition makes it UP; "app" resolves, so the same is DOWN.
        io.devmentor.monitoring.api.Expectations nxdomain = io.devmentor.monitoring.api.Expectations.DEFAULT
                .withConditions(List.of("[DNS_RCODE] == NXDOMAIN"));
        io.devmentor.monitoring.core.MonitoringBuilder builder = io.devmentor.monitoring.core.Monitoring.builder()
                .configuration(io.devmentor.monitoring.core.MonitoringConfiguration.fromEnvironment(Map.of(
                        "MONITORING_DATA_DIR", dir.resolve("engine").toString(),
                        "METRICS_COLLECTION_INTERVAL", "60000"), dir))
                .meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        for (String name : List.of("gone", "app")) {
            builder.service(ServiceDefinition.builder(name).kind("dns").timeout(TIMEOUT).interval(Duration.ofMillis(200))
                    .retryAttempts(0).setting("name", name.equals("gone") ? "missing.test" : "app.test")
                    .setting("server", "127.0.0.1:" + port).expect(nxdomain).build());
        }
        try (io.devmentor.monitoring.core.Monitoring monitoring = builder.build()) {
            monitoring.start();
            Await.until(Duration.ofSeconds(10), "both checked", () -> monitoring.service("gone").orElseThrow()
                    .lastResult().isPresent() && monitoring.service("app").orElseThrow().lastResult().isPresent());
            assertEquals(HealthStatus.UP, monitoring.service("gone").orElseThrow().status(),
                    monitoring.service("gone").orElseThrow().lastResult().orElseThrow().message());
            CheckResult app = monitoring.service("app").orElseThrow().lastResult().orElseThrow();
            assertEquals(HealthStatus.DOWN, app.status());
            assertEquals("condition failed: [DNS_RCODE] == NXDOMAIN (was 'NOERROR')", app.message());
        }
    }
}
