package io.devmentor.monitoring.redis;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.spi.EventTransportProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.net.URI;

/**
 * Provides the {@code redis} event transport from {@code REDIS_URL} ({@code redis://[:password@]host:port}).
 * When it is set, this transport wins over the in-process one; the stream's key is
 * {@code REDIS_EVENTS_STREAM} (default {@code devmentor:events}).
 */
public final class RedisEventTransportProvider implements EventTransportProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability(PluginContext context) {
        String url = context.setting("REDIS_URL").orElse(null);
        if (url == null) {
            return Availability.notRequested("set REDIS_URL to redis://host:6379 to share events between instances");
        }
        try {
            URI uri = URI.create(url);
            if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
                return Availability.unavailable("REDIS_URL must look like redis://host:6379");
            }
        } catch (IllegalArgumentException e) {
            return Availability.unavailable("REDIS_URL is not a URL such as redis://host:6379");
        }
        return Availability.AVAILABLE;
    }

    @Override
    public EventTransport create(PluginContext context) {
        return new RedisEventTransport(URI.create(context.setting("REDIS_URL").orElseThrow()),
                context.setting("REDIS_EVENTS_STREAM").orElse("devmentor:events"));
    }
}
