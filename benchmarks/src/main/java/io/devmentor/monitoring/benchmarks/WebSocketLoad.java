package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.server.MonitoringServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Load on the WebSocket stream: a server in this process, N clients on loopback (the JDK's WebSocket client),
 * events published at a steady rate, each carrying the nanoTime it was published at; the clients record the
 * delivery delay of every event they receive. Two rounds: all clients reading, then the same with one more
 * client subscribed to everything that never reads. Prints the delivered share and the delay percentiles.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar:monitoring-server/target/monitoring-server.jar \
 *     io.devmentor.monitoring.benchmarks.WebSocketLoad [clients] [events/s] [seconds] [own|all]</pre>
 *
 * {@code own}: each client subscribes to its own service's events (the events are spread over N services);
 * {@code all}: every client subscribes to every event (N deliveries per event).
 */
public final class WebSocketLoad {

    private static final int BUCKETS = 200_000; // 10 µs buckets up to 2 s

    private WebSocketLoad() {
    }

    /** Delays in 10 µs buckets. */
    private static final class Histogram {
        final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
        final AtomicLong total = new AtomicLong();

        void record(long nanos) {
            counts.incrementAndGet((int) Math.min(BUCKETS - 1, Math.max(0, nanos / 10_000)));
            total.incrementAndGet();
        }

        double percentileMillis(double p) {
            long target = (long) Math.ceil(total.get() * p);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts.get(i);
                if (seen >= target && target > 0) {
                    return (i + 1) / 100.0;
                }
            }
            return Double.NaN;
        }
    }

    /** A client that records the delay of each event published after {@code from}. */
    private static final class Client implements WebSocket.Listener {
        final Histogram histogram;
        final boolean reads;
        volatile long from = Long.MAX_VALUE;
        private final StringBuilder text = new StringBuilder();

        Client(Histogram histogram, boolean reads) {
            this.histogram = histogram;
            this.reads = reads;
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.nanoTime();
                int at = text.indexOf("\"sentNanos\":");
                // The same event comes again under each subscribed pattern ("load.*", "*"): count it once.
                int nameEnd = text.indexOf("\",\"data\"");
                boolean patternCopy = nameEnd > 0 && text.lastIndexOf("*", nameEnd) > 0;
                if (at >= 0 && !patternCopy) {
                    int start = at + 12;
                    int end = start;
                    while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '-')) {
                        end++;
                    }
                    long sent = Long.parseLong(text, start, end, 10);
                    if (sent >= from) {
                        histogram.record(now - sent);
                    }
                }
                text.setLength(0);
            }
            if (reads) {
                socket.request(1);
            }
            return null;
        }
    }

    /**
     * Runs the two rounds.
     *
     * @param args clients (500), events a second (2,000), seconds measured (20), own or all (own)
     * @throws Exception when the server or a client cannot start
     */
    @SuppressWarnings("FutureReturnValueIgnored") // a load generator: a failed send shows as a missing delivery
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean own = args.length <= 3 || args[3].equals("own");
        Path dir = Files.createTempDirectory("ws-load");
        // Every client comes from this machine's one address: past the server's cap for one client.
        MonitoringConfiguration configuration = MonitoringConfiguration.fromEnvironment(Map.of("PORT", "0",
                "MONITORING_DATA_DIR", dir.resolve("data").toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                "HEALTH_CHECK_INTERVAL", "60000", "ENABLE_PREDICTIONS", "false",
                "MONITORING_HTTP_MAX_CONNECTIONS_PER_CLIENT", "100000"), dir);
        try (MonitoringServer server = MonitoringServer.start(configuration, "127.0.0.1")) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            System.out.printf("%d clients, %d events/s, %d s measured, each client subscribed to %s%n", clients, rate,
                    seconds, own ? "its own service's events" : "every event");
            for (boolean stalled : new boolean[] {false, true}) {
                Histogram histogram = new Histogram();
                List<Client> listeners = new ArrayList<>();
                List<WebSocket> sockets = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    Client client = new Client(histogram, true);
                    WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, client).get(10, TimeUnit.SECONDS);
                    socket.sendText("{\"event\":\"subscribe\",\"data\":{\"events\":[\"load.*\"]"
                            + (own ? ",\"services\":[\"svc-" + i + "\"]" : "") + "}}", true).get(10, TimeUnit.SECONDS);
                    listeners.add(client);
                    sockets.add(socket);
                }
                if (stalled) {
                    Client slow = new Client(new Histogram(), false);
                    WebSocket socket = http.newWebSocketBuilder().buildAsync(uri, slow).get(10, TimeUnit.SECONDS);
                    socket.sendText("{\"event\":\"subscribe\",\"data\":{\"events\":[\"*\"]}}", true);
                    sockets.add(socket);
                }
                Thread.sleep(1000);
                long[] published = {0};
                long warmUp = TimeUnit.SECONDS.toNanos(3);
                long start = System.nanoTime();
                long measureFrom = start + warmUp;
                listeners.forEach(c -> c.from = measureFrom);
                long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
                long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                long next = start;
                long seq = 0;
                long measured = 0;
                while (System.nanoTime() < end) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    next += interval;
                    long sent = System.nanoTime();
                    server.monitoring().publish(MonitoringEvent.of("load.tick", "svc-" + (seq % clients), Instant.now(),
                            Severity.INFO, Map.of("seq", seq, "sentNanos", sent)));
                    seq++;
                    published[0]++;
                    if (sent >= measureFrom) {
                        measured++;
                    }
                }
                Thread.sleep(3000);
                long expected = own ? measured : measured * clients;
                System.out.printf("%s: published %d (%.0f/s), delivered %d of %d measured (%.2f %%), delay p50 %.2f ms,"
                        + " p99 %.2f ms, p99.9 %.2f ms, max <= %.2f ms%n",
                        stalled ? "with a client that never reads" : "all clients reading", published[0],
                        published[0] / ((System.nanoTime() - start - 3e9) / 1e9), histogram.total.get(), expected,
                        100.0 * histogram.total.get() / Math.max(1, expected), histogram.percentileMillis(0.5),
                        histogram.percentileMillis(0.99), histogram.percentileMillis(0.999),
                        histogram.percentileMillis(1.0));
                for (WebSocket socket : sockets) {
                    socket.abort();
                }
                Thread.sleep(1000);
            }
        }
    }
}
