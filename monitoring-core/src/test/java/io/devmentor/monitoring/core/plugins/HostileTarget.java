package io.devmentor.monitoring.core.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target on raw sockets that answers as no well-behaved server would: 10,000 headers, a byte a second,
 * headers that never end, a body of a gigabyte, a gzip bomb, a redirect to itself. It counts the connections the client
 * still holds open: one that the client closed, or that the target closed after answering, no longer counts.
 */
final class HostileTarget implements AutoCloseable {

    enum Behaviour { MANY_HEADERS, TRICKLE, SLOW_HEADERS, HUGE_BODY, GZIP_BOMB, REDIRECT_LOOP, REDIRECT_CHAIN, HANG }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hostile-target");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Behaviour behaviour;

    HostileTarget(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /**
     * How a check of a target that behaves so ends: the start of its message, for the check's timeout and limit.
     */
    static String reason(Behaviour behaviour, java.time.Duration timeout, int maxBodyBytes) {
        return switch (behaviour) {
            case HANG, TRICKLE, SLOW_HEADERS -> "timed out after " + timeout.toMillis() + " ms";
            case MANY_HEADERS -> "answer over the checker's limits (100 headers";
            // Never inflated: the limit counts the bytes on the wire, so four gigabytes of zeros stay the limit read.
            case HUGE_BODY, GZIP_BOMB -> "HTTP 200, but the body is larger than " + maxBodyBytes + " bytes";
            case REDIRECT_LOOP -> "redirect loop: ";
            case REDIRECT_CHAIN -> "HTTP 200";
        };
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections the client has not closed yet. */
    int openConnections() {
        return open.size();
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String path = readRequestPath(in);
                if (path == null) {
                    return; // the client closed it
                }
                requests.incrementAndGet();
                answer(path, socket, out);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            open.remove(socket);
        }
    }

    private void answer(String path, Socket socket, OutputStream out) throws IOException, InterruptedException {
        switch (behaviour) {
            case MANY_HEADERS -> {
                StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
                for (int i = 0; i < 10_000; i++) {
                    head.append("X-Header-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
                }
                head.append("Content-Length: 2\r\n\r\nok");
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            }
            case TRICKLE -> {
                byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
                for (byte b : answer) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(1000);
                }
            }
            case SLOW_HEADERS -> {
                out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; ; i++) {
                    out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(100);
                }
            }
            case HUGE_BODY -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                for (long sent = 0; sent < 1L << 30; sent += chunk.length) {
                    out.write(chunk);
                }
            }
            case GZIP_BOMB -> {
                byte[] bomb = GzipBomb.BYTES;
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                        + "Content-Length: " + bomb.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bomb);
            }
            case REDIRECT_LOOP -> out.write(("HTTP/1.1 302 Found\r\nLocation: " + path
                    + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            case REDIRECT_CHAIN -> {
                // /hop/3 -> /hop/2 -> /hop/1 -> /hop/0, which answers 200
                int hop = path.startsWith("/hop/") ? Integer.parseInt(path.substring(5)) : 0;
                String answer = hop > 0
                        ? "HTTP/1.1 301 Moved Permanently\r\nLocation: /hop/" + (hop - 1) + "\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
            }
            case HANG -> {
                // never answers; reads on, so that it sees when the client hangs up
                while (socket.getInputStream().read() >= 0) {
                    // discard
                }
            }
        }
        out.flush();
    }

    /** The request's path, once its headers are all in (a GET has no body); null at the end of the stream. */
    private static String readRequestPath(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        String first = null;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String text = line.toString().strip();
                if (first == null) {
                    first = text;
                } else if (text.isEmpty()) {
                    String[] parts = first.split(" ", -1);
                    return parts.length > 1 ? parts[1] : "/";
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        return null;
    }

    /**
     * Four gigabytes of zeros once inflated, about 4 MB on the wire: 4,096 gzip members of a mebibyte each (a gzip
     * file may hold many, and a reader inflates them one after the other). Made once, on first use.
     */
    private static final class GzipBomb {
        static final byte[] BYTES = make(4096);

        private static byte[] make(int mebibytes) {
            java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(member)) {
                gzip.write(new byte[1 << 20]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            byte[] one = member.toByteArray();
            byte[] all = new byte[one.length * mebibytes];
            for (int i = 0; i < mebibytes; i++) {
                System.arraycopy(one, 0, all, i * one.length, one.length);
            }
            return all;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
