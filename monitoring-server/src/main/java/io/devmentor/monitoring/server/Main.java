package io.devmentor.monitoring.server;

import ch.qos.logback.classic.Level;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.server.logging.LoggingConfigurator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts the server from the environment: {@code java -jar monitoring-server.jar}. */
public final class Main {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private Main() {
    }

    /**
     * Runs the server until the JVM is stopped; or, with {@code healthcheck}, asks a running server on
     * {@code PORT} whether it is healthy and exits 0 or 1 (a container's HEALTHCHECK, with no curl needed); or,
     * with {@code detect FILE.csv}, scores a series offline (see {@link DetectCommand}); or, with
     * {@code class-archive}, runs the server once for the JVM's class archive (see {@link ClassArchiveCommand}).
     *
     * @param args none, {@code healthcheck}, {@code class-archive}, or {@code detect FILE.csv}
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        // On two cores or fewer, Java's common pool has one thread, and CompletableFuture then starts a new thread
        // for every asynchronous step, one per answer of Java's HTTP client: a thread per check. Two workers
        // avoid it; this runs before anything touches the pool, and an explicit -D setting wins.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        Map<String, String> env = System.getenv();
        if (args.length == 1 && args[0].equals("healthcheck")) {
            System.exit(healthcheck(env.getOrDefault("PORT", "3006")) ? 0 : 1);
            return;
        }
        if (args.length == 1 && args[0].equals(ClassArchiveCommand.NAME)) {
            System.exit(ClassArchiveCommand.run(System.err));
            return;
        }
        if (args.length >= 1 && args[0].equals("detect")) {
            System.exit(DetectCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0) {
            System.err.println("Usage: java -jar monitoring-server.jar [healthcheck | " + ClassArchiveCommand.NAME + " | "
                    + DetectCommand.USAGE + "]");
            System.exit(2);
            return;
        }
        configureLogging(env);
        MonitoringConfiguration configuration;
        try {
            configuration = MonitoringConfiguration.fromEnvironment(env, Path.of("").toAbsolutePath());
            ServerSettings.fromEnvironment(env); // refused here, with exit code 2, rather than at the bind
            ServerSettings.bindAddress(env);
        } catch (ConfigurationException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        MonitoringServer server;
        try {
            server = MonitoringServer.start(configuration);
        } catch (ConfigurationException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println("Cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // From here on, structured log lines name the instance as its cluster knows it (without a cluster, the
        // engine's id is 'local': the logs keep MONITORING_INSTANCE_ID or the host's name).
        String instance = server.monitoring().instanceId();
        if (!instance.equals("local")) {
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
                context.putProperty(LoggingConfigurator.INSTANCE, instance);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "monitoring-shutdown"));
        stopped.await();
    }

    private static boolean healthcheck(String port) throws InterruptedException {
        try {
            java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(2)).build()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(java.time.Duration.ofSeconds(3)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Routes Grizzly's and Tyrus's java.util.logging through SLF4J, and honours the seed's debug switch. */
    static void configureLogging(Map<String, String> env) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        String debug = env.getOrDefault("DEBUG", "");
        if (debug.contains("monitoring") || debug.equals("*")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.devmentor.monitoring")).setLevel(Level.DEBUG);
        }
    }
}
