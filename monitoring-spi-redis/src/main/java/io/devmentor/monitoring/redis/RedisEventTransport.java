package io.devmentor.monitoring.redis;

import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.EventTransport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Events on a Redis stream: every instance appends what it publishes ({@code XADD}, the stream capped near
 * {@link #MAX_LENGTH}) and reads everything, its own included, in stream order ({@code XREAD} from the last
 * id it saw), so each instance sees each event once, and a reader that lost its connection catches up
 * without a gap. When Redis cannot be reached an instance carries on alone: what it publishes is delivered
 * to itself only, and never re-published later, so nothing arrives twice. A Redis that came back empty (a
 * restart without persistence) is read from its start.
 */
final class RedisEventTransport implements EventTransport {

    static final long MAX_LENGTH = 100_000;
    private static final int BLOCK_MILLIS = 1000;
    private static final Logger log = LoggerFactory.getLogger(RedisEventTransport.class);

    private final JedisPooled redis;
    private final String stream;
    private final WireFormat wire = new WireFormat();
    private final Thread reader;
    private volatile @Nullable Consumer<MonitoringEvent> receiver;
    private volatile boolean running = true;
    private volatile boolean down;
    private StreamEntryID lastId = new StreamEntryID();

    RedisEventTransport(URI url, String stream) {
        this.redis = RedisConnections.open(url, BLOCK_MILLIS + 4000);
        this.stream = stream;
        this.reader = new Thread(this::read, "monitoring-redis-events");
        this.reader.setDaemon(true);
    }

    @Override
    public void receive(Consumer<MonitoringEvent> newReceiver) {
        this.receiver = Objects.requireNonNull(newReceiver, "receiver");
        try {
            lastId = newest();
        } catch (JedisException e) {
            lastId = new StreamEntryID();
            wentDown(e);
        }
        reader.start();
    }

    @Override
    public void publish(MonitoringEvent event) {
        String text = wire.streamedEvent(event);
        try {
            redis.xadd(stream, XAddParams.xAddParams().maxLen(MAX_LENGTH).approximateTrimming(), Map.of("event", text));
        } catch (JedisException e) {
            wentDown(e);
            // Alone until Redis answers again: this instance still sees its own events.
            Consumer<MonitoringEvent> current = receiver;
            if (current != null) {
                current.accept(event);
            }
        }
    }

    private void read() {
        long backoff = 100;
        while (running) {
            try {
                if (down) {
                    StreamEntryID newest = newest();
                    if (newest.compareTo(lastId) < 0) {
                        log.warn("the Redis event stream is younger than what was read: reading it from its start");
                        lastId = new StreamEntryID();
                    }
                    down = false;
                    log.info("Redis answers again; events are shared from {}", lastId);
                }
                List<Map.Entry<String, List<StreamEntry>>> batches = redis.xread(
                        XReadParams.xReadParams().block(BLOCK_MILLIS).count(500), Map.of(stream, lastId));
                backoff = 100;
                if (batches == null) {
                    continue;
                }
                for (Map.Entry<String, List<StreamEntry>> batch : batches) {
                    for (StreamEntry entry : batch.getValue()) {
                        lastId = entry.getID();
                        deliver(entry);
                    }
                }
            } catch (JedisException e) {
                if (!running) {
                    return;
                }
                wentDown(e);
                sleep(backoff);
                backoff = Math.min(5000, backoff * 2);
            }
        }
    }

    private void deliver(StreamEntry entry) {
        String text = entry.getFields().get("event");
        Consumer<MonitoringEvent> current = receiver;
        if (text == null || current == null) {
            return;
        }
        try {
            current.accept(wire.readEvent(text));
        } catch (RuntimeException e) {
            log.warn("event {} on the stream could not be delivered: {}", entry.getID(), e.toString());
        }
    }

    /** The id of the newest entry, or 0-0 for an empty or missing stream. */
    private StreamEntryID newest() {
        List<StreamEntry> last = redis.xrevrange(stream, "+", "-", 1);
        return last.isEmpty() ? new StreamEntryID() : last.get(0).getID();
    }

    private void wentDown(JedisException e) {
        if (!down) {
            down = true;
            log.warn("Redis is unreachable ({}); this instance carries on alone", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        redis.close();
    }
}
