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
        private final TyrusWebSocketEngine engine;

        Container(int maxSessions) {
            super((java.util.Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this)
                    .maxSessionsPerApp(maxSessions)
                    .incomingBufferSize(64 * 1024)
                    .build();
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
