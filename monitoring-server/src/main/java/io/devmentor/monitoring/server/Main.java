package io.devmentor.monitoring.server;

import ch.qos.logback.classic.Level;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Starts the server from the environment: {@code java -jar monitoring-server.jar}. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the server until the JVM is stopped.
     *
     * @param args none
     * @throws InterruptedException when interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        configureLogging(env);
        MonitoringConfiguration configuration;
        try {
            configuration = MonitoringConfiguration.fromEnvironment(env, Path.of("").toAbsolutePath());
        } catch (ConfigurationException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        MonitoringServer server;
        try {
            server = MonitoringServer.start(configuration);
        } catch (RuntimeException e) {
            System.err.println("Cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "monitoring-shutdown"));
        stopped.await();
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
