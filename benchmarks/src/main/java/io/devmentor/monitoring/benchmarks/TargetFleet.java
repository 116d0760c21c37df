package io.devmentor.monitoring.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.Executors;

/**
 * N HTTP targets on loopback, each on its own port, answering {@code GET /health} with 200. Runs in a
 * process of its own so that the harness measures the engine alone. Prints one line, {@code ports: p1 p2 …},
 * once all listen, then serves until its standard input closes.
 */
public final class TargetFleet {

    private TargetFleet() {
    }

    /**
     * Starts the targets.
     *
     * @param args the number of targets
     * @throws IOException when a port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[0]);
        byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        var threads = Executors.newFixedThreadPool(2);
        StringJoiner ports = new StringJoiner(" ", "ports: ", "");
        for (int i = 0; i < count; i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(threads);
            server.createContext("/health", exchange -> {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            ports.add(Integer.toString(server.getAddress().getPort()));
        }
        System.out.println(ports);
        System.out.flush();
        // Serve until the harness goes away.
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
        System.exit(0);
    }
}
