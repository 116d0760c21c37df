package io.devmentor.monitoring.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver of notifications (a stand-in Slack or webhook endpoint) that fails on demand. */
final class Receiver implements AutoCloseable {

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private volatile int failFirst;
    private volatile int failWith = 503;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = n <= failFirst ? failWith : 200;
            if (status == 200) {
                received.add(json.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The first {@code count} requests are answered with {@code status}. */
    Receiver failing(int count, int status) {
        this.failFirst = count;
        this.failWith = status;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/T000/secret-part";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
