package io.devmentor.monitoring.redis;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.Cluster;
import io.devmentor.monitoring.spi.ClusterProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * Provides the {@code redis} cluster from {@code REDIS_URL}: instances sharing one Redis share the checks of
 * their services. {@code MONITORING_INSTANCE_ID} names this instance (default: the host name and a random
 * suffix); {@code REDIS_MEMBER_TTL} (ms, default 3000) is how long a silent member counts as alive;
 * {@code REDIS_CLUSTER_KEY} (default {@code devmentor}) prefixes the keys.
 */
public final class RedisClusterProvider implements ClusterProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Availability availability(PluginContext context) {
        return new RedisEventTransportProvider().availability(context);
    }

    @Override
    public Cluster create(PluginContext context) {
        String ttlText = context.setting("REDIS_MEMBER_TTL").orElse("3000").trim();
        long ttl;
        try {
            ttl = Long.parseLong(ttlText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("REDIS_MEMBER_TTL must be a number of milliseconds, was '" + ttlText + "'");
        }
        if (ttl < 300 || ttl > 600_000) {
            throw new IllegalArgumentException("REDIS_MEMBER_TTL must be 300–600000 ms, was " + ttl);
        }
        String self = context.setting("MONITORING_INSTANCE_ID").filter(s -> !s.isBlank()).map(String::trim)
                .orElseGet(RedisClusterProvider::defaultId);
        return new RedisCluster(URI.create(context.setting("REDIS_URL").orElseThrow()),
                context.setting("REDIS_CLUSTER_KEY").orElse("devmentor"), self, Duration.ofMillis(ttl));
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
