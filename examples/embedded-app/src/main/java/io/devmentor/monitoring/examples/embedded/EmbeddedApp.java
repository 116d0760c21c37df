package io.devmentor.monitoring.examples.embedded;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.ServiceState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host application with its own HTTP API and a job queue, watching both with the library: two services
 * (its API over HTTP, and a database port over TCP) and one custom in-process check (the queue's depth).
 * Run it with {@code java -cp … io.devmentor.monitoring.examples.embedded.EmbeddedApp [seconds]}.
 */
public final class EmbeddedApp {

    private static final int QUEUE_LIMIT = 100;

    private final ConcurrentLinkedQueue<String> jobs = new ConcurrentLinkedQueue<>();
    private final AtomicInteger served = new AtomicInteger();

    /**
     * Runs the application for some seconds, printing what the monitoring sees.
     *
     * @param args the number of seconds to run, 10 by default
     * @throws Exception when the application cannot start
     */
    public static void main(String[] args) throws Exception {
        Duration runFor = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        List<ServiceState> last = new EmbeddedApp().run(runFor, System.out);
        System.out.println("final: " + last.stream().map(s -> s.name() + "=" + s.status()).toList());
    }

    /**
     * Starts the application's API and its monitoring, runs, and returns the last states seen.
     *
     * @param runFor how long to run
     * @param out where to print events and states
     * @return the services' states at the end
     * @throws IOException when the API cannot listen
     * @throws InterruptedException when interrupted
     */
    public List<ServiceState> run(Duration runFor, PrintStream out) throws IOException, InterruptedException {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        api.createContext("/health", exchange -> {
            served.incrementAndGet();
            byte[] body = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try (Monitoring monitoring = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of(), Path.of("").toAbsolutePath()))
                .service(ServiceDefinition.builder("inventory-api")
                        .url("http://127.0.0.1:" + api.getAddress().getPort())
                        .interval(Duration.ofSeconds(1)).critical(true).build())
                .service(ServiceDefinition.builder("database").kind("tcp").hostAndPort("127.0.0.1", 5432)
                        .interval(Duration.ofSeconds(2)).retryAttempts(1).build())
                .service(ServiceDefinition.builder("job-queue").kind("queue-depth")
                        .interval(Duration.ofSeconds(1)).build())
                // The custom in-process check: the queue is healthy while it is under its limit.
                .healthChecker("queue-depth", service -> CompletableFuture.completedFuture(jobs.size() < QUEUE_LIMIT
                        ? CheckResult.up(Instant.now(), Duration.ZERO, jobs.size() + " jobs queued")
                        : CheckResult.down(Instant.now(), Duration.ZERO, jobs.size() + " jobs queued, limit "
                                + QUEUE_LIMIT)))
                .build()) {
            monitoring.subscribe(EventFilter.of("service.*"), event ->
                    out.println("event " + event.type() + " " + event.source() + ": " + event.data().get("message")));
            monitoring.start();
            // Ask at once rather than wait for the interval, as a readiness probe of the host would.
            try {
                ServiceState api0 = monitoring.checkNow("inventory-api").toCompletableFuture().get(10, TimeUnit.SECONDS);
                out.println("checked now: " + api0.name() + " " + api0.status());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                out.println("checked now: inventory-api failed: " + e);
            }
            long end = System.nanoTime() + runFor.toNanos();
            while (System.nanoTime() < end) {
                jobs.add("job");
                Thread.sleep(500);
                for (ServiceState state : monitoring.services()) {
                    out.println(state.name() + " " + state.status() + " "
                            + state.lastResult().map(CheckResult::message).orElse("not checked yet"));
                }
                out.println("health " + monitoring.health().status());
            }
            return monitoring.services();
        } finally {
            api.stop(0);
        }
    }

    /**
     * How many health requests the application's API answered.
     *
     * @return the count
     */
    public int healthRequestsServed() {
        return served.get();
    }
}
