/**
 * The Redis adapter of DevMentor Monitoring: the {@code redis} event transport, on a Redis stream, so that
 * every instance sees every event once; and the {@code redis} cluster, so that instances share the checks.
 * Depends on the API alone; exports nothing.
 */
module io.devmentor.monitoring.redis {
    requires io.devmentor.monitoring.api;
    requires io.devmentor.monitoring.json;
    requires static org.jspecify;
    requires redis.clients.jedis;
    requires org.slf4j;

    provides io.devmentor.monitoring.spi.EventTransportProvider
            with io.devmentor.monitoring.redis.RedisEventTransportProvider;
    provides io.devmentor.monitoring.spi.ClusterProvider
            with io.devmentor.monitoring.redis.RedisClusterProvider;
}
