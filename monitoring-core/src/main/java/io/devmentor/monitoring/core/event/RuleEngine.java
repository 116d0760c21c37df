package io.devmentor.monitoring.core.event;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.EventFilter;
import io.devmentor.monitoring.core.EventRule;
import io.devmentor.monitoring.core.pipeline.Announcements;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.core.pipeline.IncidentCommands;
import io.devmentor.monitoring.spi.Notification;
import io.devmentor.monitoring.spi.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the event-driven rules on every event. Each action is logged, and noted on the timeline of the
 * service's active incident when there is one. A rule acts at most {@link #MAX_ACTIONS_PER_MINUTE} times a
 * minute, and never on what a rule itself caused, so two rules cannot feed each other.
 */
public final class RuleEngine {

    static final int MAX_ACTIONS_PER_MINUTE = 60;
    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);

    private final List<EventRule> rules;
    private final IncidentCommands incidents;
    private final Announcements notifications;
    private final Function<String, Optional<ServiceDefinition>> services;
    private final Function<java.net.URI, Optional<Notifier>> webhooks;
    private final Clock clock;
    private final Coordination coordination;
    private final Map<String, ArrayDeque<Instant>> recent = new HashMap<>();
    private final Map<java.net.URI, Notifier> webhookNotifiers = new HashMap<>();

    public RuleEngine(List<EventRule> rules, IncidentCommands incidents, Announcements notifications,
            Function<String, Optional<ServiceDefinition>> services, Function<java.net.URI, Optional<Notifier>> webhooks, Clock clock,
            Coordination coordination) {
        this.coordination = coordination;
        this.rules = List.copyOf(rules);
        this.incidents = incidents;
        this.notifications = notifications;
        this.services = services;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    public EventFilter filter() {
        List<String> patterns = rules.stream().flatMap(r -> r.filter().patterns().stream()).distinct().toList();
        return new EventFilter(patterns.isEmpty() ? List.of("*") : patterns, java.util.Set.of());
    }

    public void onEvent(MonitoringEvent event) {
        Object actor = event.data().get("actor");
        if (actor instanceof String && ((String) actor).startsWith("rule:")) {
            return;
        }
        for (EventRule rule : rules) {
            // Every member receives every event: one of them acts on it.
            if (rule.matches(event) && coordination.claim("rule:" + rule.name() + ":" + event.id(), Duration.ofHours(1))
                    && allowed(rule)) {
                try {
                    act(rule, event);
                } catch (RuntimeException e) {
                    log.warn("rule {} failed on {} from {}: {}", rule.name(), event.type(), event.source(), e.toString());
                }
            }
        }
    }

    private synchronized boolean allowed(EventRule rule) {
        Instant now = clock.instant();
        ArrayDeque<Instant> times = recent.computeIfAbsent(rule.name(), n -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minusSeconds(60))) {
            times.removeFirst();
        }
        if (times.size() >= MAX_ACTIONS_PER_MINUTE) {
            log.warn("rule {} acted {} times in a minute; skipping {}", rule.name(), times.size(), "this event");
            return false;
        }
        times.addLast(now);
        return true;
    }

    private void act(EventRule rule, MonitoringEvent event) {
        String actor = "rule:" + rule.name();
        String about = event.type() + " from " + event.source();
        log.info("rule {} matched {}", rule.name(), about);
        Optional<Incident> active = activeIncident(event.source());
        if (rule.incident().isPresent()) {
            boolean already = incidents.active().stream().anyMatch(i -> i.service().equals(event.source())
                    && i.cause().equals(actor));
            if (!already) {
                active = Optional.of(incidents.open(event.source(), rule.description().orElse(about),
                        rule.incident().get(), actor, actor));
                log.info("rule {} opened incident {} for {}", rule.name(), active.get().id(), event.source());
            }
        }
        Incident subject = active.orElseGet(() -> transientIncident(rule, event));
        if (!rule.notifyChannels().isEmpty()) {
            notifications.announce(subject, "rule " + rule.name() + ": " + about, rule.notifyChannels());
            note(active, actor, "rule.notify", "notifying " + String.join(", ", rule.notifyChannels()) + " about " + about);
        }
        rule.webhook().ifPresent(url -> {
            Notifier webhook = webhookNotifiers.computeIfAbsent(url, u -> webhooks.apply(u).orElse(null));
            if (webhook != null) {
                webhook.send(new Notification(event.id() + ":" + rule.name(), subject, "rule " + rule.name(),
                        "rule " + rule.name() + ": " + about)).whenComplete((ok, failure) -> log.info(
                        "rule {} webhook for {}: {}", rule.name(), about, failure == null ? "delivered"
                                : failure.getMessage()));
            }
            note(Optional.of(subject).filter(i -> !i.cause().equals("rule.transient")), actor, "rule.webhook",
                    "webhook called for " + about);
        });
        if (rule.restart()) {
            ServiceDefinition service = services.apply(event.source()).orElse(null);
            if (service == null) {
                log.warn("rule {} cannot restart {}: no such service", rule.name(), event.source());
            } else {
                try {
                    incidents.restart(service, actor, "rule " + rule.name() + " on " + event.type());
                } catch (IllegalStateException e) {
                    log.warn("rule {} cannot restart {}: {}", rule.name(), event.source(), e.getMessage());
                    note(active, actor, "rule.restart", "cannot restart: " + e.getMessage());
                }
            }
        }
    }

    private Optional<Incident> activeIncident(String service) {
        return incidents.active().stream().filter(i -> i.service().equals(service)).findFirst();
    }

    private void note(Optional<Incident> incident, String actor, String kind, String message) {
        incident.ifPresent(i -> incidents.note(i.id(), actor, kind, message, Map.of()));
    }

    /** What a notification is about when no incident exists: the event itself, never stored. */
    private Incident transientIncident(EventRule rule, MonitoringEvent event) {
        Instant now = clock.instant();
        return new Incident(event.id(), event.source(), "rule " + rule.name() + ": " + event.type() + " from "
                + event.source(), IncidentSeverity.MEDIUM, IncidentStatus.OPEN, "rule.transient", now, now,
                Optional.empty(), event.metadata().correlationId(), Optional.empty(), false, false,
                List.of(new TimelineEntry(now, "rule:" + rule.name(), "matched", event.type(), Map.of())));
    }

    public void close() {
        webhookNotifiers.values().forEach(n -> {
            try {
                n.close();
            } catch (Exception e) {
                log.debug("webhook notifier failed to close: {}", e.toString());
            }
        });
    }
}
