package io.devmentor.monitoring.core.history;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.RecentCheck;
import io.devmentor.monitoring.core.pipeline.Checked;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check pipeline's stage that keeps each service's last {@value #KEPT} checks, its own and those other members
 * shared, for heartbeat bars. Kept in arrays of what the results hold already (about two kilobytes a service), with
 * the message only of checks that were not UP.
 */
public final class RecentChecks {

    /** How many checks are kept a service. */
    public static final int KEPT = 50;

    private final Map<String, Ring> rings = new ConcurrentHashMap<>();

    public void checked(Checked checked) {
        checked.state().lastResult().ifPresent(result ->
                rings.computeIfAbsent(checked.state().name(), name -> new Ring()).add(result));
    }

    /** A service's last checks, the oldest first; none for a service never checked or no longer watched. */
    public List<RecentCheck> recent(String service) {
        Ring ring = rings.get(service);
        return ring == null ? List.of() : ring.list();
    }

    /** Drops a service that is no longer watched. */
    public void forget(String service) {
        rings.remove(service);
    }

    /** One service's checks, written by whichever thread checked it last, read by anyone. */
    private static final class Ring {
        private final Instant[] checkedAt = new Instant[KEPT];
        private final long[] nanos = new long[KEPT];
        private final HealthStatus[] status = new HealthStatus[KEPT];
        private final String[] message = new String[KEPT];
        private int next;
        private int size;

        synchronized void add(CheckResult result) {
            // Another member's check can be read again (as the cluster resynchronises): keep it once.
            if (size > 0 && result.checkedAt().equals(checkedAt[(next + KEPT - 1) % KEPT])) {
                return;
            }
            checkedAt[next] = result.checkedAt();
            nanos[next] = result.latency().toNanos();
            status[next] = result.status();
            message[next] = result.status() == HealthStatus.UP ? null : result.message();
            next = (next + 1) % KEPT;
            size = Math.min(size + 1, KEPT);
        }

        synchronized List<RecentCheck> list() {
            List<RecentCheck> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int index = (next - size + i + KEPT) % KEPT;
                list.add(new RecentCheck(checkedAt[index], status[index],
                        Duration.ofNanos(nanos[index]), Optional.ofNullable(message[index])));
            }
            return list;
        }
    }
}
