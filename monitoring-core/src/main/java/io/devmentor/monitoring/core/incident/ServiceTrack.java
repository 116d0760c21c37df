package io.devmentor.monitoring.core.incident;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the incident stage remembers of one service between its checks: its active outage and threshold incidents,
 * its recent outcomes and whether they flap, and what its auto-response has already said.
 */
final class ServiceTrack {

    private final ArrayDeque<Boolean> history = new ArrayDeque<>();
    /** The id of the service's active {@code down} incident, or null. */
    @Nullable String downIncident;
    /** Successful checks in a row since the outage's last failure. */
    int successes;
    boolean flapping;
    boolean restartLimitEscalated;
    boolean restartUnavailableNoted;
    /** The active threshold incidents, by metric. */
    final Map<String, String> thresholdIncidents = new HashMap<>();

    /** Records a check's outcome; tells whether it differs from the previous one. */
    boolean record(boolean down, int window) {
        Boolean previous = history.peekLast();
        history.addLast(down);
        while (history.size() > window) {
            history.removeFirst();
        }
        return previous != null && previous != down;
    }

    /**
     * Nagios' weighted percent state change: recent changes weigh more (0.8 to 1.2), over the whole
     * window, so that a young history with one change does not look like flapping.
     */
    double percentStateChange(int window) {
        Boolean[] states = history.toArray(new Boolean[0]);
        int slots = window - 1;
        int offset = slots - (states.length - 1);
        double weighted = 0;
        for (int i = 1; i < states.length; i++) {
            if (!states[i].equals(states[i - 1])) {
                weighted += 0.8 + 0.4 * (offset + i - 1) / Math.max(1, slots - 1);
            }
        }
        return 100.0 * weighted / slots;
    }

    /**
     * Flapping with hysteresis: it starts above the high threshold and ends below the low one.
     *
     * @return whether it started or ended with this change
     */
    boolean reconsiderFlapping(double change, double high, double low) {
        boolean was = flapping;
        if (!was && change > high) {
            flapping = true;
        } else if (was && change < low) {
            flapping = false;
        }
        return was != flapping;
    }

    /** The outage ended: its incident, its count of successes and what its auto-response said go with it. */
    void outageResolved() {
        downIncident = null;
        successes = 0;
        restartLimitEscalated = false;
        restartUnavailableNoted = false;
    }
}
