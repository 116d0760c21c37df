package io.devmentor.monitoring.redis;

import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** A pooled client on {@code REDIS_URL} ({@code redis://[user:]password@host:port}), as the adapter's parts use it. */
final class RedisConnections {

    private RedisConnections() {
    }

    /**
     * @param socketTimeoutMillis longer than any blocking read made on it
     */
    static JedisPooled open(URI url, int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(socketTimeoutMillis)
                .clientName("devmentor-monitoring");
        if (url.getUserInfo() != null) {
            String[] parts = url.getUserInfo().split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) {
                    config.user(parts[0]);
                }
                config.password(parts[1]);
            } else {
                config.password(parts[0]);
            }
        }
        return new JedisPooled(new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379),
                config.build());
    }
}
