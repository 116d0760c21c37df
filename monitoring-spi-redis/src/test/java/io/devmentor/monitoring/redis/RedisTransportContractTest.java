package io.devmentor.monitoring.redis;

import io.devmentor.monitoring.spi.EventTransport;
import io.devmentor.monitoring.tck.SharedEventTransportContract;
import io.devmentor.monitoring.tck.StubPluginContext;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis event transport, held to the plugin test kit's contract for transports between instances: two
 * transports on one stream of the machine's real Redis stand for two instances.
 */
class RedisTransportContractTest extends SharedEventTransportContract {

    @TempDir
    Path dir;

    private final String stream = "devmentor:contract:" + UUID.randomUUID();
    private StubPluginContext context;

    @BeforeEach
    void requireRedis() {
        RedisPeer.require();
        context = StubPluginContext.in(dir).with("REDIS_URL", "redis://127.0.0.1:6379")
                .with("REDIS_EVENTS_STREAM", stream);
    }

    @AfterEach
    void removeStream() throws Exception {
        context.close();
        RedisPeer.cli("del", stream);
    }

    @Override
    protected EventTransport createTransport() throws Exception {
        return new RedisEventTransportProvider().create(context.with("MONITORING_INSTANCE_ID", "first"));
    }

    @Override
    protected EventTransport createPeer() throws Exception {
        return new RedisEventTransportProvider().create(context.with("MONITORING_INSTANCE_ID", "second"));
    }
}
