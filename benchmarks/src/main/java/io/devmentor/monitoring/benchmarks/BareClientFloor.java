package io.devmentor.monitoring.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor a monitoring server is held to: a bare JDK {@code HttpClient} asking {@code GET /health} of every
 * target once an interval, and nothing else (no history, incidents, predictions or stream). Run in a process of its
 * own against the same targets as the server, it prints checks per second and its CPU seconds per 1,000 checks.
 *
 * <pre>java [-Dinterval=MILLIS] -cp benchmarks.jar io.devmentor.monitoring.benchmarks.BareClientFloor SECONDS WARMUP_SECONDS TARGET...</pre>
 *
 * <p>Each target is a port on 127.0.0.1 or an {@code address:port}; each is asked once an interval (1,000 ms unless
 * {@code -Dinterval} says otherwise), with a timeout of 900 ms, the checks spread evenly over the interval.
 */
public final class BareClientFloor {

    private BareClientFloor() {
    }

    /**
     * Runs the floor.
     *
     * @param args measured seconds, warm-up seconds, then the targets (ports, or addresses and ports)
     * @throws InterruptedException when interrupted
     */
    @SuppressWarnings("FutureReturnValueIgnored") // each answer is counted in its callback; the schedules end with the run
    public static void main(String[] args) throws InterruptedException {
        int seconds = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        List<URI> targets = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            // A port on 127.0.0.1, or an address and port.
            String target = args[i].contains(":") ? args[i] : "127.0.0.1:" + args[i];
            targets.add(URI.create("http://" + target + "/health"));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(900)).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long interval = TimeUnit.MILLISECONDS.toNanos(Long.getLong("interval", 1000));
        long spread = interval / Math.max(1, targets.size());
        for (int i = 0; i < targets.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(targets.get(i)).timeout(Duration.ofMillis(900)).build();
            scheduler.scheduleAtFixedRate(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> (failure == null && response.statusCode() == 200 ? ok : failed)
                            .incrementAndGet()), i * spread, interval, TimeUnit.NANOSECONDS);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        long checks0 = ok.get() + failed.get();
        long failed0 = failed.get();
        long cpu0 = os.getProcessCpuTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long checks = ok.get() + failed.get() - checks0;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("bare JDK client: %.1f checks/s, %d failed, %.3f CPU s per 1,000 checks%n",
                checks / (double) seconds, failed.get() - failed0, cpu / (checks / 1000.0));
        scheduler.shutdownNow();
    }
}
