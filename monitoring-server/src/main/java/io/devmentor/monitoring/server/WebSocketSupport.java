package io.devmentor.monitoring.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Constructor;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Puts Tyrus on the Grizzly listener that serves the REST routes, so that REST and WebSocket share one
 * port: Tyrus's filter answers the upgrades, everything else goes on to Grizzly's HTTP handlers.
 */
final class WebSocketSupport {

    private WebSocketSupport() {
    }

    /** A Tyrus container whose engine takes endpoints at any time, before or after the listener starts. */
    static final class Container extends TyrusServerContainer {
        /**
         * How long a connection that neither sends nor receives stays open. Tyrus re-arms this timer on every
         * frame; with no timeout (0) it would instead run a task at once for every frame.
         */
        static final long IDLE_TIMEOUT_MILLIS = 10 * 60_000;

        private final TyrusWebSocketEngine engine;
        // Tyrus cancels and re-schedules each session's idle timer on every frame: cancelled timers must leave
        // the queue at once, or they pile up for the whole timeout.
        private final java.util.concurrent.ScheduledThreadPoolExecutor timers;

        /** A container for that many sessions, whose frames may be up to {@code maxFrameBytes} long. */
        Container(int maxSessions, int maxFrameBytes) {
            super((java.util.Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this)
                    .maxSessionsPerApp(maxSessions)
                    .incomingBufferSize(maxFrameBytes)
                    .build();
            this.timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "monitoring-websocket-timers");
                thread.setDaemon(true);
                return thread;
            });
            timers.setRemoveOnCancelPolicy(true);
            setDefaultMaxSessionIdleTimeout(IDLE_TIMEOUT_MILLIS);
        }

        @Override
        public java.util.concurrent.ScheduledExecutorService getScheduledExecutorService() {
            return timers;
        }

        @Override
        public void stop() {
            super.stop();
            timers.shutdownNow();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "");
        }

        @Override
        public void register(ServerEndpointConfig config) throws DeploymentException {
            engine.register(config, "");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }
    }

    /**
     * Closes a session whose message is over its limit (1009, "message too big"). Tyrus applies a session's
     * message limit only to fragmented messages; a single frame is limited by the container's frame size alone.
     *
     * @return true when the message was refused
     */
    static boolean refuseOversized(jakarta.websocket.Session session, int length, int maxBytes) {
        if (length <= maxBytes) {
            return false;
        }
        try {
            session.close(new jakarta.websocket.CloseReason(jakarta.websocket.CloseReason.CloseCodes.TOO_BIG,
                    "at most " + maxBytes + " bytes a message"));
        } catch (java.io.IOException e) {
            // the connection is gone already
        }
        return true;
    }

    /**
     * Tyrus's own Grizzly add-on, which inserts its filter before Grizzly's HTTP filter. Tyrus makes its
     * constructor package-private (it expects to create the HTTP server itself), so it is called
     * reflectively here; the WebSocket tests fail at once if a Tyrus upgrade changes it.
     */
    static AddOn addOn(ServerContainer container) {
        try {
            Class<?> type = Class.forName("org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn");
            Constructor<?> constructor = type.getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return (AddOn) constructor.newInstance(container, "/");
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Tyrus version cannot be attached to a Grizzly listener: " + e, e);
        }
    }
}
