package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.core.support.Lazy;
import java.net.SocketAddress;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * The client's default TLS (the JDK's trust), made at the first {@code https} target rather than at start: making
 * it reads the JDK's certificate store and starts its security providers, on the start's path, for fleets that
 * may have no TLS target at all.
 */
final class LazyDefaultTlsStrategy implements TlsStrategy {

    private final Lazy<TlsStrategy> strategy = Lazy.of(DefaultClientTlsStrategy::createDefault);

    @Override
    @SuppressWarnings("deprecation") // the client's connection manager still calls it; delegated as it is
    public boolean upgrade(TransportSecurityLayer session, HttpHost host, SocketAddress localAddress,
            SocketAddress remoteAddress, Object attachment, Timeout handshakeTimeout) {
        return strategy.get().upgrade(session, host, localAddress, remoteAddress, attachment, handshakeTimeout);
    }

    @Override
    public void upgrade(TransportSecurityLayer session, NamedEndpoint endpoint, Object attachment,
            Timeout handshakeTimeout, FutureCallback<TransportSecurityLayer> callback) {
        strategy.get().upgrade(session, endpoint, attachment, handshakeTimeout, callback);
    }
}
