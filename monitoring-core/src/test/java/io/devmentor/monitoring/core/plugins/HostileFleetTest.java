package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.tck.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * An engine watching one of each hostile target beside a healthy service: each hostile one is DOWN with its
 * reason, and the healthy one, timed by its own server, is checked on schedule all the while.
 */
@Isolated("it times a schedule")
class HostileFleetTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final List<HostileTarget.Behaviour> HOSTILE = List.of(HostileTarget.Behaviour.HANG,
            HostileTarget.Behaviour.TRICKLE, HostileTarget.Behaviour.SLOW_HEADERS, HostileTarget.Behaviour.MANY_HEADERS,
            HostileTarget.Behaviour.HUGE_BODY, HostileTarget.Behaviour.GZIP_BOMB, HostileTarget.Behaviour.REDIRECT_LOOP);
    /** The engine's own jitter of a schedule (±5 %) plus what the promise allows a check to run late. */
    private static final long MOST_GAP_MILLIS = INTERVAL.toMillis() * 105 / 100 + 100;

    @TempDir
    Path dir;

    @Test
    void hostileTargetsAreDownWithTheirReasonsWhileAHealthyServiceIsCheckedOnSchedule() throws Exception {
        List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        healthy.createContext("/", exchange -> {
            arrivals.add(System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        healthy.start();
        Map<HostileTarget.Behaviour, HostileTarget> targets = new LinkedHashMap<>();
        try {
            MonitoringBuilder builder = Monitoring.builder()
                    .configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                            "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                            "METRICS_COLLECTION_INTERVAL", "60000"), dir))
                    .meterRegistry(new SimpleMeterRegistry())
                    .service(ServiceDefinition.builder("steady")
                            .url("http://127.0.0.1:" + healthy.getAddress().getPort() + "/health")
                            .interval(INTERVAL).timeout(Duration.ofMillis(500)).build());
            for (HostileTarget.Behaviour behaviour : HOSTILE) {
                HostileTarget target = new HostileTarget(behaviour);
                targets.put(behaviour, target);
                builder.service(ServiceDefinition.builder(behaviour.name().toLowerCase(java.util.Locale.ROOT))
                        .url(target.url("/health")).interval(Duration.ofMillis(700)).timeout(TIMEOUT)
                        .retryAttempts(0).build());
            }
            try (Monitoring monitoring = builder.build()) {
                monitoring.start();
                for (HostileTarget.Behaviour behaviour : HOSTILE) {
                    String name = behaviour.name().toLowerCase(java.util.Locale.ROOT);
                    Await.until(Duration.ofSeconds(10), name + " down", () -> monitoring.service(name)
                            .map(ServiceState::status).orElseThrow() == HealthStatus.DOWN);
                    String message = monitoring.service(name).flatMap(ServiceState::lastResult).orElseThrow().message();
                    assertTrue(message.startsWith(HostileTarget.reason(behaviour, TIMEOUT, 1024 * 1024)),
                            name + ": " + message);
                }
                // Every hostile target is now being checked, again and again; the healthy one is timed meanwhile.
                int first = arrivals.size();
                Await.until(Duration.ofSeconds(20), "50 more checks of the healthy service",
                        () -> arrivals.size() >= first + 50);
                List<Long> measured;
                synchronized (arrivals) {
                    measured = new ArrayList<>(arrivals.subList(first, arrivals.size()));
                }
                long widest = 0;
                for (int i = 1; i < measured.size(); i++) {
                    widest = Math.max(widest, (measured.get(i) - measured.get(i - 1)) / 1_000_000);
                }
                assertTrue(widest <= MOST_GAP_MILLIS, "the healthy service waited " + widest + " ms between checks");
                assertEquals(HealthStatus.UP, monitoring.service("steady").orElseThrow().status());
                assertEquals(0, monitoring.service("steady").orElseThrow().failures(), "never failed");
            }
        } finally {
            healthy.stop(0);
            for (HostileTarget target : targets.values()) {
                target.close();
            }
        }
    }
}
