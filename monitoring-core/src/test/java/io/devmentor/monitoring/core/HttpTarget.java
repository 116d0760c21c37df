package io.devmentor.monitoring.core;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A real HTTP server on loopback whose behaviour a test switches: up, failing, slow, hung, huge. */
final class HttpTarget implements AutoCloseable {

    enum Mode { OK, ERROR_500, SLOW, HANG, HUGE_BODY, JSON }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.Set<String> paths = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long slowMillis = 300;
    private volatile String json = "{\"status\":\"ok\"}";

    HttpTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        paths.add(exchange.getRequestURI().getRawPath());
        try (exchange) {
            switch (mode.get()) {
                case ERROR_500:
                    respond(exchange, 500, "{\"status\":\"error\"}");
                    break;
                case SLOW:
                    sleep(slowMillis);
                    respond(exchange, 200, "{\"status\":\"ok\"}");
                    break;
                case HANG:
                    released.await();
                    break;
                case HUGE_BODY:
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 1600; i++) { // 100 MiB if nobody stops us
                            out.write(chunk);
                            bytesWritten.addAndGet(chunk.length);
                        }
                    }
                    break;
                case JSON:
                    respond(exchange, 200, json);
                    break;
                default:
                    respond(exchange, 200, "{\"status\":\"ok\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The paths requested so far. */
    java.util.Set<String> paths() {
        return java.util.Set.copyOf(paths);
    }

    void mode(Mode newMode) {
        mode.set(newMode);
    }

    void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    void json(String body) {
        this.json = body;
        mode.set(Mode.JSON);
    }

    int requests() {
        return requests.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
