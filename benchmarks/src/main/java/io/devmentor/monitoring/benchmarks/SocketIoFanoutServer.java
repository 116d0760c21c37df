package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.server.MonitoringServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server with its defaults (H2 stores, predictors, the live stream) and an event source: it publishes
 * {@code load.tick} events at a steady rate, each carrying the time it was published, until it is stopped. The
 * fan-out benchmark ({@code benchmarks/socketio-fanout/run.sh}) runs it beside Node's socket.io server doing the
 * same, and measures both with the same real clients.
 */
public final class SocketIoFanoutServer {

    private SocketIoFanoutServer() {
    }

    /**
     * Serves until killed.
     *
     * @param args port, events a second
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("socketio-fanout");
        // Every client of the load comes from this machine's one address: past the server's cap for one client.
        MonitoringConfiguration configuration = MonitoringConfiguration.fromEnvironment(Map.of("PORT",
                Integer.toString(port), "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "MONITORING_HTTP_MAX_CONNECTIONS_PER_CLIENT", "100000"), dir);
        try (MonitoringServer server = MonitoringServer.start(configuration, "127.0.0.1")) {
            System.out.println("listening on " + server.port());
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long next = System.nanoTime();
            for (long seq = 0; ; seq++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += interval;
                Instant now = Instant.now();
                server.monitoring().publish(MonitoringEvent.of("load.tick", "load", now, Severity.INFO,
                        Map.of("seq", seq, "sentAtMicros", ChronoUnit.MICROS.between(Instant.EPOCH, now))));
            }
        }
    }
}
