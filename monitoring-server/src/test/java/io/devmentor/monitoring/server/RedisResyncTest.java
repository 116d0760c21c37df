package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers sharing events through a real Redis, which restarts (empty, as without persistence) while one of
 * them publishes: the WebSocket client of the other sees, once the transports have found Redis again, every event
 * without a gap, in order, once each. The Redis is the machine's {@code redis-server} on a port of this test's
 * own, so that its outage is no other test's. Fails, never skips, without {@code redis-server}.
 */
class RedisResyncTest {

    private final int port = freePort();
    private Process redis;

    @TempDir
    Path dir;

    private MonitoringServer server(String id, String stream) throws Exception {
        return MonitoringServer.start(MonitoringConfiguration.fromEnvironment(Map.of("PORT", "0",
                "MONITORING_DATA_DIR", dir.resolve(id).toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                "REDIS_URL", "redis://127.0.0.1:" + port, "REDIS_EVENTS_STREAM", stream,
                "REDIS_CLUSTER_KEY", stream + ":cluster", "MONITORING_INSTANCE_ID", id), dir), "127.0.0.1");
    }

    @Test
    void aClientOfOneInstanceSeesTheOthersEventsWithoutAGapOnceRedisIsBack() throws Exception {
        startRedis();
        String stream = "devmentor:test:" + UUID.randomUUID();
        try (MonitoringServer a = server("a", stream); MonitoringServer b = server("b", stream)) {
            WsClient client = WsClient.connect(a.port());
            client.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"test.*\"]}}");
            client.next("subscribed");
            AtomicInteger published = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread publisher = new Thread(() -> {
                while (!stop.get()) {
                    int n = published.incrementAndGet();
                    b.monitoring().publish(MonitoringEvent.of("test.seq", "b", Instant.now(), Severity.INFO,
                            Map.of("n", n)));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            publisher.start();
            try {
                Thread.sleep(1000);
                stopRedis();
                Thread.sleep(2000);
                startRedis();
                Thread.sleep(4000); // both transports back on the stream, and events flowing again
            } finally {
                stop.set(true);
                publisher.join();
            }
            int last = published.get();
            List<Integer> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((seen.isEmpty() || seen.get(seen.size() - 1) < last) && System.nanoTime() < deadline) {
                for (JsonNode message : client.drain("test.seq")) {
                    seen.add(message.path("data").path("data").path("n").asInt());
                }
                Thread.sleep(50);
            }
            assertEquals(last, seen.get(seen.size() - 1), "the last event arrived");
            assertEquals(seen.size(), seen.stream().distinct().count(), "no event twice: " + seen);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "in order: " + seen);
            }
            // The events published while Redis was away stayed at B; from the first that reached the stream again
            // on, nothing is missing.
            int gapAt = 0;
            for (int i = 1; i < seen.size(); i++) {
                if (seen.get(i) != seen.get(i - 1) + 1) {
                    assertEquals(0, gapAt, "one gap at most, the outage's: " + seen);
                    gapAt = i;
                }
            }
            assertTrue(gapAt > 0, "the outage left its gap: " + seen);
            int resumedAt = seen.get(gapAt);
            System.out.println("published 1.." + last + "; A's client saw 1.." + seen.get(gapAt - 1) + " before the outage and "
                    + resumedAt + ".." + last + " after it (" + (resumedAt - seen.get(gapAt - 1) - 1)
                    + " published during it stayed at B)");
            assertEquals(last - resumedAt + 1, seen.size() - gapAt, "every event from " + resumedAt + " to " + last);
            assertTrue(last - resumedAt > 50, "events flowed for a while after the outage: " + resumedAt + ".." + last);
        } finally {
            stopRedis();
        }
    }

    /** Starts redis-server on this test's port, without persistence as {@code .ci/run} starts the machine's. */
    private void startRedis() throws Exception {
        try {
            redis = new ProcessBuilder("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port),
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (java.io.IOException e) {
            fail("redis-server is needed (.ci/run installs it): " + e.getMessage());
        }
        Await.until(Duration.ofSeconds(20), "redis-server on port " + port, this::answers);
    }

    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
            redis = null;
        }
    }

    private boolean answers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] pong = new byte[7];
            return socket.getInputStream().readNBytes(pong, 0, 7) == 7
                    && new String(pong, java.nio.charset.StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
