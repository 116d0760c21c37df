package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.IncidentSeverity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How incidents page people.
 *
 * @param delay an incident opened by the engine pages only after this long, and only if it still should
 *     then: not linked to a dependency's incident, not flapping, not resolved, not in maintenance
 * @param deadline a notification that keeps failing with retryable errors is retried until this long
 *     after its first attempt
 * @param escalation the escalation policies; the first that matches an incident applies; with none, every
 *     channel is notified when an incident opens
 */
public record NotificationSettings(Duration delay, Duration deadline, List<EscalationPolicy> escalation) {

    /** A 15 s delay, a 5-minute deadline, every channel at once. */
    public static final NotificationSettings DEFAULTS =
            new NotificationSettings(Duration.ofSeconds(15), Duration.ofMinutes(5), List.of());

    /** Validates the components. */
    public NotificationSettings {
        requireNotNegative(delay, "delay");
        requireNotNegative(deadline, "deadline");
        escalation = List.copyOf(escalation);
    }

    private static void requireNotNegative(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + value.toMillis());
        }
    }

    /**
     * An escalation policy: for the incidents it matches, who is notified when.
     *
     * @param severities the severities it applies to; empty for all
     * @param services the services it applies to; empty for all
     * @param levels the levels, in order
     */
    public record EscalationPolicy(Set<IncidentSeverity> severities, Set<String> services, List<Level> levels) {
        /** Validates the components. */
        public EscalationPolicy {
            severities = Set.copyOf(severities);
            services = Set.copyOf(services);
            levels = List.copyOf(levels);
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("an escalation policy needs at least one level");
            }
        }

        public boolean matches(io.devmentor.monitoring.api.Incident incident) {
            return (severities.isEmpty() || severities.contains(incident.severity()))
                    && (services.isEmpty() || services.contains(incident.service()));
        }
    }

    /**
     * One escalation level: while the incident is unacknowledged, {@code after} its opening notify these
     * channels, and again every {@code repeat}.
     *
     * @param after how long after the incident opened
     * @param channels the notifier names, such as {@code slack} or {@code email}
     * @param repeat notify again this often while unacknowledged; empty: once
     */
    public record Level(Duration after, List<String> channels, Optional<Duration> repeat) {
        /** Validates the components. */
        public Level {
            requireNotNegative(after, "after");
            channels = List.copyOf(channels);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("an escalation level needs at least one channel to notify");
            }
            Objects.requireNonNull(repeat, "repeat");
            repeat.ifPresent(r -> {
                if (r.compareTo(Duration.ofSeconds(10)) < 0) {
                    throw new IllegalArgumentException("repeat must be at least 10000 ms, was " + r.toMillis());
                }
            });
        }
    }
}
