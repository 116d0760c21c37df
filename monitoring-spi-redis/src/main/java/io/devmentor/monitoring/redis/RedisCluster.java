package io.devmentor.monitoring.redis;

import io.devmentor.monitoring.api.SharedServiceState;
import io.devmentor.monitoring.json.WireFormat;
import io.devmentor.monitoring.spi.Cluster;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Membership and shared check results on Redis. Each member renews its entry in a sorted set, scored with
 * the time it expires, and reads the live ones back, in one script that takes the time from Redis, so the
 * members' clocks do not matter; a member that stops renewing drops out after the time to live. Each service's
 * state after a check goes on a capped stream that every member reads from where it stood, and into a hash that
 * holds each service's last state, for members that join. While Redis cannot be reached, a member
 * keeps the members it last heard of (so it checks its own share and no more) and shares nothing; when Redis
 * answers, it registers again.
 */
final class RedisCluster implements Cluster {

    static final long RESULTS_MAX_LENGTH = 10_000;
    /** How long the last states outlive the last write to them: a cluster stopped longer starts from nothing. */
    static final Duration STATES_KEPT = Duration.ofDays(7);
    private static final int BLOCK_MILLIS = 1000;
    private static final int WRITE_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final String HEARTBEAT = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])",
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)",
            "redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)",
            "return redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')");
    private static final String CLAIM = String.join("\n",
            "local holder = redis.call('GET', KEYS[1])",
            "if holder == false or holder == ARGV[1] then",
            "  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))",
            "  return 1",
            "end",
            "return 0");

    private final JedisPooled redis;
    private final String self;
    private final String membersKey;
    private final String resultsKey;
    private final String statesKey;
    private final String claimsPrefix;
    private final Duration ttl;
    private final WireFormat wire = new WireFormat();
    private final BlockingQueue<Map<String, String>> outgoing = new ArrayBlockingQueue<>(10_000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile @Nullable Listener listener;
    private volatile boolean running = true;
    private volatile boolean down;
    /** Where the results' reader starts: after the last states were read, or, by default, at its own start. */
    private volatile @Nullable StreamEntryID readFrom;
    // Confined to the renewing thread.
    private List<String> reported = List.of();
    private long graceUntilNanos;

    RedisCluster(URI url, String prefix, String self, Duration ttl) {
        this.redis = RedisConnections.open(url, BLOCK_MILLIS + 4000);
        this.self = self;
        this.membersKey = prefix + ":members";
        this.resultsKey = prefix + ":results";
        this.statesKey = prefix + ":states";
        this.claimsPrefix = prefix + ":claim:";
        this.ttl = ttl;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public void join(Listener newListener) {
        this.listener = newListener;
        start("monitoring-redis-members", this::renew);
        start("monitoring-redis-results-in", this::readResults);
        start("monitoring-redis-results-out", this::writeResults);
    }

    private void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Renews this member three times per time to live, and reports the live members. */
    private void renew() {
        long period = Math.max(100, ttl.toMillis() / 3);
        try {
            // Registered, but silent for one renewal period: by the time this member checks its share, the others
            // have renewed once and seen it, and no longer check that share themselves. At most 2.5 s, within what
            // the engine waits for a first answer.
            redis.eval(HEARTBEAT, List.of(membersKey), List.of(self, Long.toString(ttl.toMillis())));
            sleep(Math.min(period + 100, 2500));
        } catch (JedisException e) {
            wentDown(e);
        }
        while (running) {
            try {
                Object reply = redis.eval(HEARTBEAT, List.of(membersKey), List.of(self, Long.toString(ttl.toMillis())));
                List<String> members = new ArrayList<>();
                if (reply instanceof List<?> list) {
                    for (Object member : list) {
                        members.add(member instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                                : String.valueOf(member));
                    }
                }
                if (down) {
                    down = false;
                    // A Redis that restarted empty knows only those that renewed since: for one time to live,
                    // members are added, not dropped, so nobody takes over a share whose owner is alive.
                    graceUntilNanos = System.nanoTime() + ttl.toNanos();
                    log.info("Redis answers again; {} is a member of the cluster again", self);
                }
                if (System.nanoTime() < graceUntilNanos) {
                    java.util.TreeSet<String> union = new java.util.TreeSet<>(reported);
                    union.addAll(members);
                    members = new ArrayList<>(union);
                }
                reported = List.copyOf(members);
                Listener current = listener;
                if (current != null) {
                    current.membersChanged(members);
                }
            } catch (JedisException e) {
                wentDown(e);
            } catch (RuntimeException e) {
                log.warn("cluster listener failed: {}", e.toString());
            }
            sleep(period);
        }
    }

    @Override
    public void share(String service, SharedServiceState state) {
        if (down) {
            return; // alone: nobody to tell, and nothing to tell later
        }
        String text = wire.sharedState(state);
        // Dropped when the writer is that far behind: the next check brings a newer state.
        outgoing.offer(Map.of("from", self, "service", service, "result", text));
    }

    @Override
    public Map<String, SharedServiceState> lastStates() {
        Map<String, String> stored;
        try {
            // What is shared from here on comes by the stream: nothing falls between the two reads.
            readFrom = newestResult();
            stored = redis.hgetAll(statesKey);
        } catch (JedisException e) {
            wentDown(e);
            return Map.of();
        }
        Map<String, SharedServiceState> states = new LinkedHashMap<>();
        stored.forEach((service, text) -> {
            try {
                states.put(service, wire.readSharedState(text));
            } catch (RuntimeException e) {
                log.debug("the last state of {} could not be read: {}", service, e.toString());
            }
        });
        return states;
    }

    @Override
    public boolean claim(String key, Duration ttl) {
        if (down) {
            return true;
        }
        try {
            Object held = redis.eval(CLAIM, List.of(claimsPrefix + key), List.of(self, Long.toString(ttl.toMillis())));
            return held instanceof Number n && n.longValue() == 1;
        } catch (JedisException e) {
            wentDown(e);
            return true;
        }
    }

    /** Writes what waits in one round trip: each state on the stream, and as its service's last. */
    private void writeResults() {
        List<Map<String, String>> batch = new ArrayList<>(WRITE_BATCH);
        while (running) {
            try {
                Map<String, String> first = outgoing.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                return;
            }
            outgoing.drainTo(batch, WRITE_BATCH - 1);
            Map<String, String> last = new LinkedHashMap<>();
            try (var pipeline = redis.pipelined()) {
                for (Map<String, String> entry : batch) {
                    pipeline.xadd(resultsKey, XAddParams.xAddParams().maxLen(RESULTS_MAX_LENGTH).approximateTrimming(),
                            entry);
                    last.put(entry.get("service"), entry.get("result"));
                }
                pipeline.hset(statesKey, last);
                pipeline.pexpire(statesKey, STATES_KEPT.toMillis());
                pipeline.sync();
            } catch (JedisException e) {
                wentDown(e);
            }
            batch.clear();
        }
    }

    private void readResults() {
        StreamEntryID lastId = readFrom;
        while (running) {
            try {
                if (lastId == null) {
                    // From now on: results older than this member's arrival, or than an outage, are stale.
                    lastId = newestResult();
                }
                List<Map.Entry<String, List<StreamEntry>>> batches = redis.xread(
                        XReadParams.xReadParams().block(BLOCK_MILLIS).count(1000), Map.of(resultsKey, lastId));
                if (batches == null) {
                    continue;
                }
                for (Map.Entry<String, List<StreamEntry>> batch : batches) {
                    for (StreamEntry entry : batch.getValue()) {
                        lastId = entry.getID();
                        deliver(entry.getFields());
                    }
                }
            } catch (JedisException e) {
                if (!running) {
                    return;
                }
                wentDown(e);
                lastId = null;
                sleep(1000);
            }
        }
    }

    private StreamEntryID newestResult() {
        List<StreamEntry> newest = redis.xrevrange(resultsKey, "+", "-", 1);
        return newest.isEmpty() ? new StreamEntryID() : newest.get(0).getID();
    }

    private void deliver(Map<String, String> fields) {
        if (self.equals(fields.get("from")) || fields.get("service") == null || fields.get("result") == null) {
            return;
        }
        try {
            SharedServiceState state = wire.readSharedState(fields.get("result"));
            Listener current = listener;
            if (current != null) {
                current.stateShared(fields.get("service"), state);
            }
        } catch (Exception e) {
            log.debug("a shared result of {} could not be read: {}", fields.get("service"), e.toString());
        }
    }

    private void wentDown(JedisException e) {
        if (!down) {
            down = true;
            log.warn("Redis is unreachable ({}); {} carries on with the members it last heard of", e.getMessage(),
                    self);
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
        threads.forEach(Thread::interrupt);
        try {
            redis.zrem(membersKey, self); // the others take over at once, not after the time to live
        } catch (JedisException e) {
            // Its entry expires by itself.
        }
        redis.close();
    }
}
