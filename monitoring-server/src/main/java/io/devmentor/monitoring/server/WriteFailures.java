package io.devmentor.monitoring.server;

import org.glassfish.grizzly.http.server.Request;

/**
 * What to do when an answer cannot be written (the client stopped reading, and the write timeout passed): close
 * the connection. Grizzly keeps it open otherwise, with the unwritten answer queued, and goes on to the client's
 * next pipelined request: a client that pipelines and never reads grew the heap without bound.
 */
final class WriteFailures {

    private WriteFailures() {
    }

    static void hangUp(Request request) {
        request.getRequest().getConnection().closeSilently();
    }
}
