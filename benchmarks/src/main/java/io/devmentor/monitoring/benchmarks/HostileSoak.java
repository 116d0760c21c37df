package io.devmentor.monitoring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server jar, as users run it, watching 1,000 HTTP targets every second, first alone and then beside
 * hostile clients: clients that pipeline requests and never read, slowloris headers, idle connections, bodies
 * trickling a chunk every 2 s, floods of made-up methods and of malformed requests. A well-behaved client asks
 * {@code /health} every 100 ms throughout; each minute prints its latency, the checks per second, the server's
 * heap (in use, and the old generation's live data after its last collection), RSS and open files, and the
 * hostile connections made.
 *
 * <pre>
 * mvn -B -DskipTests package
 * java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.HostileSoak \
 *     --server monitoring-server/target/monitoring-server.jar --targets 1000 --quiet-seconds 60 --minutes 10
 * </pre>
 *
 * <p>{@code --hostiles} picks some of the kinds: {@code non-readers,slowloris,idle,slow-bodies,methods,malformed}
 * (all by default).
 */
public final class HostileSoak {

    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    private static final AtomicLong HOSTILE_CONNECTIONS = new AtomicLong();

    private HostileSoak() {
    }

    /**
     * Runs the soak.
     *
     * @param args {@code --server JAR}, {@code --targets N}, {@code --quiet-seconds S}, {@code --minutes M}
     * @throws Exception when the server or the targets cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path jar = Path.of(options.getOrDefault("server", "monitoring-server/target/monitoring-server.jar"));
        int targets = Integer.parseInt(options.getOrDefault("targets", "1000"));
        int quietSeconds = Integer.parseInt(options.getOrDefault("quiet-seconds", "60"));
        int minutes = Integer.parseInt(options.getOrDefault("minutes", "10"));
        java.util.Set<String> kinds = java.util.Set.of(options.getOrDefault("hostiles",
                "non-readers,slowloris,idle,slow-bodies,methods,malformed").split(","));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process fleet = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TargetFleet.class.getName(), Integer.toString(targets))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("ports: ")) {
            fleet.destroyForcibly();
            throw new IOException("the target fleet did not start: " + line);
        }
        String[] ports = line.substring("ports: ".length()).trim().split(" ", -1);

        Path dir = Files.createTempDirectory("hostile-soak");
        StringBuilder services = new StringBuilder("services:\n");
        for (int i = 0; i < targets; i++) {
            services.append("  target-").append(i).append(":\n    url: http://127.0.0.1:").append(ports[i])
                    .append("\n    interval: 1000\n    timeout: 2000\n");
        }
        Files.writeString(dir.resolve("monitoring.yml"), services);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder serverBuilder = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("server.out").toFile())
                .redirectErrorStream(true);
        serverBuilder.environment().put("PORT", Integer.toString(port));
        serverBuilder.environment().put("MONITORING_DATA_DIR", dir.resolve("data").toString());
        serverBuilder.environment().put("MONITORING_LOG_DIR", dir.resolve("logs").toString());
        serverBuilder.environment().put("MONITORING_API_TOKEN", "soak-token-0123456789abcdef");
        Process server = serverBuilder.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not yet listening
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server did not answer /health within 60 s; see " + dir.resolve("server.out"));
            }
            Thread.sleep(200);
        }
        System.out.printf("server pid %d on port %d, %d targets every 1 s, %d cores; %d s quiet, then %d min hostile%n",
                server.pid(), port, targets, Runtime.getRuntime().availableProcessors(), quietSeconds, minutes);
        System.out.println("phase     min  /health p50    p99    max  failed  checks/s  heap MiB  live MiB  RSS MiB  fds  hostile conns");

        Probe probe = new Probe(client, health);
        Thread prober = new Thread(probe, "soak-health-probe");
        prober.setDaemon(true);
        prober.start();
        Scraper scraper = new Scraper(client, URI.create("http://127.0.0.1:" + port + "/metrics"), server.pid());
        scraper.mark();
        Thread.sleep(TimeUnit.SECONDS.toMillis(quietSeconds));
        scraper.report("quiet", 0, probe.minute());

        ExecutorService hostiles = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "soak-hostile");
            thread.setDaemon(true);
            return thread;
        });
        startHostiles(hostiles, port, kinds);
        for (int minute = 1; minute <= minutes; minute++) {
            Thread.sleep(60_000);
            scraper.report("hostile", minute, probe.minute());
        }
        RUNNING.set(false);
        hostiles.shutdownNow();
        server.destroy();
        server.waitFor(20, TimeUnit.SECONDS);
        fleet.getOutputStream().close();
        fleet.waitFor(10, TimeUnit.SECONDS);
        System.out.println("server log: " + dir.resolve("logs"));
        System.exit(probe.failures() > 0 ? 1 : 0);
    }

    /** The hostile clients, each from a loopback address of its own kind, so that per-client caps apply to them. */
    private static void startHostiles(ExecutorService pool, int port, java.util.Set<String> kinds) {
        String pipelined = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000);
        for (int i = 0; i < (kinds.contains("non-readers") ? 8 : 0); i++) {
            pool.execute(() -> repeat("127.0.0.2", port, socket -> {
                send(socket, pipelined); // the system's own buffer sizes, as a real client has them
                waitForClose(socket); // never reads
            }));
        }
        for (int i = 0; i < (kinds.contains("slowloris") ? 60 : 0); i++) {
            String from = "127.0.0." + (3 + i % 3); // 20 per address, under the cap of 32
            pool.execute(() -> repeat(from, port, socket -> {
                send(socket, "GET /health HTTP/1.1\r\nHost: x\r\n");
                for (int h = 0; RUNNING.get(); h++) {
                    Thread.sleep(1000);
                    send(socket, "X-" + h + ": y\r\n"); // slowloris: fails once the server closes it
                }
            }));
        }
        for (int i = 0; i < (kinds.contains("idle") ? 150 : 0); i++) {
            String from = "127.0.0." + (6 + i % 5); // 30 per address
            pool.execute(() -> repeat(from, port, HostileSoak::waitForClose)); // idle: sends nothing
        }
        for (int i = 0; i < (kinds.contains("slow-bodies") ? 8 : 0); i++) {
            pool.execute(() -> repeat("127.0.0.11", port, socket -> {
                send(socket, "POST /api/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer soak-token-0123456789abcdef\r\n"
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n");
                while (RUNNING.get()) {
                    Thread.sleep(2000);
                    send(socket, "1\r\n \r\n");
                }
            }));
        }
        if (kinds.contains("methods")) {
            pool.execute(() -> {
                for (long n = 0; RUNNING.get(); n++) {
                    String method = "QWERTY" + Long.toString(n, 36).toUpperCase(java.util.Locale.ROOT);
                    once("127.0.0.12", port, method + " /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                }
            });
        }
        List<String> malformed = List.of(
                "GET /api/services?x=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-h: y\r\n".repeat(10_000) + "\r\n",
                "GET /api/services/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/services/.. HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/incidents?status=%C3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                "DELETE /api/dashboards/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
                "\u0000\u0001garbage\r\n\r\n");
        if (kinds.contains("malformed")) {
            pool.execute(() -> {
                for (int n = 0; RUNNING.get(); n++) {
                    once("127.0.0.13", port, malformed.get(n % malformed.size()));
                }
            });
        }
    }

    private interface SocketWork {
        void run(Socket socket) throws IOException, InterruptedException;
    }

    /** Opens a connection from {@code from}, does the work until the server closes it, and again. */
    private static void repeat(String from, int port, SocketWork work) {
        while (RUNNING.get()) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                HOSTILE_CONNECTIONS.incrementAndGet();
                work.run(socket);
            } catch (IOException e) {
                // closed by the server, as it should be: again
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One request on a connection of its own, its answer read to the end. */
    private static void once(String from, int port, String request) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(15_000);
            HOSTILE_CONNECTIONS.incrementAndGet();
            send(socket, request);
            socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            // reset or timed out: the next one
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void waitForClose(Socket socket) throws IOException, InterruptedException {
        socket.setSoTimeout(1000);
        while (RUNNING.get()) {
            try {
                if (socket.getInputStream().read(new byte[1]) < 0) {
                    return;
                }
                Thread.sleep(1000); // a byte of an answer: read one a second at most
            } catch (java.net.SocketTimeoutException e) {
                // still open
            }
        }
    }

    /** One minute of the probe: its latencies in microseconds, sorted, and how many requests failed. */
    @SuppressWarnings("ArrayRecordComponent") // a minute's latencies, summed once and never compared
    private record Minute(long[] micros, long failed) {
    }

    /** Asks /health every 100 ms and keeps the latencies of the current minute. */
    private static final class Probe implements Runnable {
        private final HttpClient client;
        private final URI health;
        private final List<Long> micros = new ArrayList<>();
        private long failures;
        private long failuresTotal;

        Probe(HttpClient client, URI health) {
            this.client = client;
            this.health = health;
        }

        @Override
        public void run() {
            while (RUNNING.get()) {
                long start = System.nanoTime();
                boolean ok;
                try {
                    ok = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    return;
                }
                long took = (System.nanoTime() - start) / 1000;
                synchronized (this) {
                    micros.add(took);
                    if (!ok) {
                        failures++;
                        failuresTotal++;
                    }
                }
                try {
                    Thread.sleep(Math.max(0, 100 - took / 1000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The latencies of the minute that ends, sorted, and its failures; the next minute starts empty. */
        synchronized Minute minute() {
            Minute ended = new Minute(micros.stream().mapToLong(Long::longValue).sorted().toArray(), failures);
            micros.clear();
            failures = 0;
            return ended;
        }

        synchronized long failures() {
            return failuresTotal;
        }
    }

    /** Reads the server's own figures: checks from /metrics, memory and files from /proc. */
    private static final class Scraper {
        private final HttpClient client;
        private final URI metrics;
        private final long pid;
        private double checksBefore;
        private long at;

        Scraper(HttpClient client, URI metrics, long pid) {
            this.client = client;
            this.metrics = metrics;
            this.pid = pid;
        }

        void mark() throws IOException, InterruptedException {
            checksBefore = sum(scrape(), "health_check_results_total");
            at = System.nanoTime();
        }

        void report(String phase, int minute, Minute probed) throws IOException, InterruptedException {
            String text = scrape();
            double checks = sum(text, "health_check_results_total");
            double seconds = (System.nanoTime() - at) / 1e9;
            double heap = sum(text, "jvm_memory_used_bytes{area=\"heap\"");
            double live = sum(text, "jvm_gc_live_data_size_bytes"); // the old generation after its last collection
            long[] micros = probed.micros();
            long failed = probed.failed();
            System.out.printf("%-8s %4d  %10.1f ms %6.1f %6.1f  %6d  %8.1f  %8.1f  %8.1f  %7.1f  %4d  %d%n", phase, minute,
                    percentile(micros, 0.50) / 1000.0, percentile(micros, 0.99) / 1000.0,
                    micros.length == 0 ? 0 : micros[micros.length - 1] / 1000.0, failed,
                    (checks - checksBefore) / seconds, heap / (1 << 20), live / (1 << 20), rssKiB() / 1024.0, openFiles(),
                    HOSTILE_CONNECTIONS.get());
            checksBefore = checks;
            at = System.nanoTime();
        }

        private String scrape() throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        private static double sum(String text, String prefix) {
            double total = 0;
            for (String line : text.lines().toList()) {
                if (line.startsWith(prefix)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        }

        private long rssKiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        private long openFiles() throws IOException {
            try (var files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                return files.count();
            }
        }

        private static long percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }
}
