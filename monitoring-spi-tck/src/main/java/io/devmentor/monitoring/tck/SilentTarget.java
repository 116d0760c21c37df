package io.devmentor.monitoring.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A target on a loopback port that takes every connection and never says a word: what a hung server looks like
 * to a checker. Close it to drop the connections.
 */
public final class SilentTarget implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentTarget(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "silent-target-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts one on a free port of 127.0.0.1.
     *
     * @return the target
     * @throws IOException when no port can be had
     */
    public static SilentTarget start() throws IOException {
        return new SilentTarget(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /**
     * Its port on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
