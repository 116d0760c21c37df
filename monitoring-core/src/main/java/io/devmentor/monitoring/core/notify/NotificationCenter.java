package io.devmentor.monitoring.core.notify;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.core.NotificationRecord;
import io.devmentor.monitoring.core.NotificationSettings;
import io.devmentor.monitoring.core.incident.IncidentFeed;
import io.devmentor.monitoring.core.incident.IncidentManager;
import io.devmentor.monitoring.core.pipeline.Announcements;
import io.devmentor.monitoring.core.pipeline.Coordination;
import io.devmentor.monitoring.core.pipeline.IncidentChanged;
import io.devmentor.monitoring.core.pipeline.IncidentTimeline;
import io.devmentor.monitoring.core.support.Mailbox;
import io.devmentor.monitoring.core.support.Periodic;
import io.devmentor.monitoring.spi.DeliveryException;
import io.devmentor.monitoring.spi.Notification;
import io.devmentor.monitoring.spi.Notifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who is told what about incidents, and delivers it.
 *
 * <ul>
 *   <li>One notification per incident state change and channel: {@code opened} (after the delay, and only
 *       if the incident still should page), {@code escalated} (each later level of its escalation policy,
 *       and each repeat, while unacknowledged), {@code acknowledged} and {@code resolved} (to the channels
 *       that were told it opened). Ids are stable, so nothing is sent twice.</li>
 *   <li>An incident in maintenance pages nobody; one linked to a dependency's incident does not page by
 *       itself, but its resolution is told; one that is flapping holds its notifications until it stops.</li>
 *   <li>Delivery retries retryable failures with exponential backoff and jitter until the deadline, and
 *       never retries the others. Every outcome goes to the bounded notification log and the incident's
 *       timeline.</li>
 * </ul>
 *
 * <p>Changes come from the {@link IncidentFeed}, on its thread, never under the incident manager's lock; outcomes
 * go back as new lines on the timeline ({@link IncidentTimeline}), never while this center's lock is held.
 */
public final class NotificationCenter implements Announcements, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationCenter.class);
    private static final int LOG_CAPACITY = 10_000;
    private static final int DONE_CAPACITY = 10_000;
    private static final long MAX_BACKOFF_MILLIS = 60_000;
    private static final int MAX_DECIDED = 100_000;

    private final Map<String, Notifier> channels;
    private final NotificationSettings settings;
    private final ScheduledExecutorService scheduler;
    private final Executor senders;
    /**
     * The sends decided, in the order they were: each enters its lane in that order. The deliveries themselves run
     * on {@code senders}, so that a slow channel holds up no decision.
     */
    private final Mailbox<Runnable> decisions;
    private final Clock clock;
    private final IncidentTimeline timeline;
    private final Counter delivered;
    private final Counter failed;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final ArrayDeque<NotificationRecord> records = new ArrayDeque<>();
    private final Coordination coordination;
    /** Per incident and channel, the last delivery under way: the next one starts when it has ended. */
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> lanes = new java.util.HashMap<>();
    /** How long a claim to send a notification holds: past any retry of it. */
    private static final Duration SEND_CLAIM = Duration.ofHours(2);

    /**
     * @param scheduler times the notification rounds and the retries; it only hands work on
     * @param senders runs the deliveries, which call the notifiers
     */
    public NotificationCenter(Map<String, Notifier> channels, NotificationSettings settings,
            ScheduledExecutorService scheduler, Executor senders, Clock clock, MeterRegistry registry,
            IncidentTimeline timeline, Coordination coordination) {
        this.coordination = coordination;
        this.channels = Map.copyOf(channels);
        this.settings = settings;
        this.scheduler = scheduler;
        this.senders = senders;
        this.decisions = new Mailbox<>(Runnable::run, MAX_DECIDED, senders, new Mailbox.Trouble<>() {
            @Override
            public void dropped(Runnable send) {
                log.error("a notification was dropped: more than {} wait to be sent", MAX_DECIDED);
            }

            @Override
            public void failed(Runnable send, RuntimeException e) {
                log.error("a notification could not be sent", e);
            }
        });
        this.clock = clock;
        this.timeline = timeline;
        this.delivered = Counter.builder("monitoring.notifications.delivered")
                .description("Notifications delivered").register(registry);
        this.failed = Counter.builder("monitoring.notifications.failed")
                .description("Notifications given up on").register(registry);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // deliveries report through their callbacks; timers end with the scheduler at close
    public void start() {
        Periodic.withFixedDelay(scheduler, "the notification round", this::tick, 1, 1, TimeUnit.SECONDS);
    }

    Set<String> channelNames() {
        return channels.keySet();
    }

    /**
     * Takes an incident that was active when the engine last stopped, with what its timeline says was
     * already sent, so that a restart sends nothing twice and escalation goes on where it was.
     */
    public synchronized void restore(Incident incident) {
        learnLocked(incident).acknowledged = incident.status() == IncidentStatus.ACKNOWLEDGED;
    }

    /**
     * Takes what an incident's timeline says was sent (by this member or another), without taking its
     * changes as told: {@link #incidentChanged} tells them.
     */
    private synchronized void learn(Incident incident) {
        learnLocked(incident);
    }

    private Tracked learnLocked(Incident incident) {
        Tracked t = tracked.computeIfAbsent(incident.id(), id -> new Tracked(incident));
        t.incident = incident;
        for (io.devmentor.monitoring.api.TimelineEntry entry : incident.timeline()) {
            Object id = entry.data().get("notification");
            if (id instanceof String) {
                // Sent or given up on: either way it was decided, and is not decided again.
                t.sent.add((String) id);
                if (entry.kind().equals("notified")) {
                    t.told.add(String.valueOf(entry.data().get("channel")));
                }
            }
        }
        return t;
    }

    /**
     * Given every change of every incident, in order: bookkeeping here, sends on their own lanes. A change another
     * instance made is learnt first, so that what its timeline says was sent is not sent again.
     */
    public void incidentChanged(IncidentChanged change) {
        Incident incident = change.incident();
        if (change.remote()) {
            learn(incident);
        }
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            if (done.contains(incident.id())) {
                return;
            }
            Tracked t = tracked.computeIfAbsent(incident.id(), id -> new Tracked(incident));
            t.incident = incident;
            if (!coordination.owns(incident.service())) {
                if (!incident.isActive()) {
                    tracked.remove(incident.id());
                }
                return;
            }
            if (!incident.isActive()) {
                tracked.remove(incident.id());
                remember(incident.id());
                List<String> told = new ArrayList<>(t.told);
                List<NotificationSettings.Level> levels = levels(incident);
                if (told.isEmpty() && incident.causedBy().isPresent() && !incident.maintenance() && !levels.isEmpty()) {
                    // A linked incident never paged, but its resolution is news to whoever follows the chain.
                    told.addAll(levels.get(0).channels());
                }
                if (!told.isEmpty()) {
                    sends.add(() -> send(incident, "resolved", incident.id() + ":resolved", told));
                }
            } else if (incident.status() == IncidentStatus.ACKNOWLEDGED && !t.acknowledged) {
                t.acknowledged = true;
                if (!t.told.isEmpty()) {
                    List<String> told = new ArrayList<>(t.told);
                    sends.add(() -> send(incident, "acknowledged", incident.id() + ":acknowledged", told));
                }
            } else {
                // What is due at once (an opening without delay) goes now, not at the next round.
                dueLocked(t, clock.instant(), sends);
            }
        }
        sends.forEach(decisions::offer);
    }

    /** Sends what has come due: openings past their delay, escalation levels and repeats. */
    void tick() {
        List<Runnable> sends = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (this) {
            for (Tracked t : tracked.values()) {
                dueLocked(t, now, sends);
            }
        }
        sends.forEach(decisions::offer);
    }

    /** Adds the sends of one incident that have come due and were not decided before. */
    private void dueLocked(Tracked t, Instant now, List<Runnable> sends) {
        Incident incident = t.incident;
        // Only the owner of the service pages; nothing is marked as sent here otherwise, so that a member that
        // takes the service over sends what is still due.
        if (!coordination.owns(incident.service())) {
            return;
        }
        if (incident.status() != IncidentStatus.OPEN || incident.maintenance() || incident.causedBy().isPresent()
                || incident.flapping()) {
            return;
        }
        boolean byEngine = incident.cause().equals(IncidentManager.CAUSE_DOWN)
                || incident.cause().startsWith(IncidentManager.THRESHOLD);
        if (byEngine && now.isBefore(incident.createdAt().plus(settings.delay()))) {
            return;
        }
        Duration elapsed = Duration.between(incident.createdAt(), now);
        List<NotificationSettings.Level> levels = levels(incident);
        for (int i = 0; i < levels.size(); i++) {
            NotificationSettings.Level level = levels.get(i);
            if (elapsed.compareTo(level.after()) < 0) {
                break;
            }
            long rounds = level.repeat().map(r -> elapsed.minus(level.after()).toMillis() / r.toMillis()).orElse(0L);
            for (long round = 0; round <= rounds; round++) {
                String id = incident.id() + (i == 0 && round == 0 ? ":opened" : ":escalated:" + i + ":" + round);
                if (t.sent.add(id)) {
                    String transition = i == 0 && round == 0 ? "opened" : "escalated";
                    t.told.addAll(level.channels());
                    List<String> to = level.channels();
                    sends.add(() -> send(incident, transition, id, to));
                }
            }
        }
    }

    /** Sends a one-off message about an incident (or an event standing in for one), as rules do. */
    @Override
    public void announce(Incident subject, String why, List<String> to) {
        String id = subject.id() + ":rule:" + Integer.toHexString(why.hashCode()) + ":" + clock.millis();
        decisions.offer(() -> send(subject, why, id, to));
    }

    private List<NotificationSettings.Level> levels(Incident incident) {
        for (NotificationSettings.EscalationPolicy policy : settings.escalation()) {
            if (policy.matches(incident)) {
                return policy.levels();
            }
        }
        if (channels.isEmpty()) {
            return List.of(); // no channel configured, no policy: nobody to tell
        }
        return List.of(new NotificationSettings.Level(Duration.ZERO, new ArrayList<>(new java.util.TreeSet<>(
                channels.keySet())), Optional.empty()));
    }

    private void deliver(Runnable delivery) {
        try {
            senders.execute(delivery);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void send(Incident incident, String transition, String id, List<String> to) {
        String text = String.format("[%s] %s %s: %s (incident %s)", incident.severity().wireName().toUpperCase(
                java.util.Locale.ROOT), incident.service(), transition, incident.description(), incident.id());
        Notification notification = new Notification(id, incident, transition, text);
        Instant now = clock.instant();
        for (String channel : to) {
            if (!coordination.claim("notification:" + id + ":" + channel, SEND_CLAIM)) {
                continue; // another member sends this one
            }
            Notifier notifier = channels.get(channel);
            NotificationRecord record = new NotificationRecord(id, incident.id(), incident.service(), channel,
                    transition, "pending", 0, Optional.empty(), now, now);
            if (notifier == null) {
                finish(withFailure(record, "no notifier named '" + channel + "' is active (active: "
                        + String.join(", ", new java.util.TreeSet<>(channels.keySet())) + ")", now));
                continue;
            }
            inLane(incident.id() + "\n" + channel, ended -> attempt(notifier, notification, record, clock.instant(), ended));
        }
    }

    /**
     * Runs a delivery after the one before it in its lane (an incident's messages to one channel) has been
     * delivered or given up, so that a receiver learns of an incident's changes in the order they happened, also
     * when one is retried.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // deliveries report through their callbacks; timers end with the scheduler at close
    private void inLane(String lane, java.util.function.Consumer<java.util.concurrent.CompletableFuture<Void>> delivery) {
        java.util.concurrent.CompletableFuture<Void> ended = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> before;
        synchronized (lanes) {
            before = lanes.put(lane, ended);
        }
        ended.whenComplete((ok, failure) -> {
            synchronized (lanes) {
                lanes.remove(lane, ended);
            }
        });
        if (before == null) {
            deliver(() -> delivery.accept(ended));
        } else {
            before.whenComplete((ok, failure) -> deliver(() -> delivery.accept(ended)));
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // deliveries report through their callbacks; timers end with the scheduler at close
    private void attempt(Notifier notifier, Notification notification, NotificationRecord record, Instant firstTry,
            java.util.concurrent.CompletableFuture<Void> ended) {
        NotificationRecord trying = tried(record, clock.instant());
        keep(trying);
        java.util.concurrent.CompletionStage<Void> stage;
        try {
            stage = notifier.send(notification);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, failure) -> {
            Instant now = clock.instant();
            if (failure == null) {
                finish(delivered(trying, now));
                ended.complete(null);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            boolean retryable = !(cause instanceof DeliveryException) || ((DeliveryException) cause).retryable();
            String reason = cause instanceof DeliveryException ? String.valueOf(cause.getMessage())
                    : cause.getClass().getSimpleName();
            long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(16, trying.attempts() - 1));
            long jittered = (long) (backoff * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
            if (retryable && now.plusMillis(jittered).isBefore(firstTry.plus(settings.deadline()))) {
                keep(withError(trying, reason, now));
                log.debug("notification {} to {} failed ({}), retrying in {} ms", trying.id(), trying.channel(),
                        reason, jittered);
                try {
                    scheduler.schedule(() -> deliver(() -> attempt(notifier, notification,
                            withError(trying, reason, now), firstTry, ended)), jittered, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    ended.complete(null); // closing
                }
            } else {
                finish(withFailure(trying, reason + (retryable ? " (gave up at the deadline)" : ""), now));
                ended.complete(null);
            }
        });
    }

    private void finish(NotificationRecord record) {
        keep(record);
        boolean ok = record.status().equals("delivered");
        (ok ? delivered : failed).increment();
        if (!ok) {
            log.atWarn().addKeyValue("service", record.service()).addKeyValue("incidentId", record.incidentId())
                    .log("notification {} to {} failed: {}", record.id(), record.channel(),
                            record.lastError().orElse(""));
        }
        timeline.note(record.incidentId(), record.channel(), ok ? "notified" : "notification.failed",
                ok ? record.transition() + " sent to " + record.channel() + " after " + record.attempts()
                        + " attempt(s)" : record.transition() + " could not be sent to " + record.channel() + ": "
                        + record.lastError().orElse("unknown"),
                Map.of("notification", record.id(), "channel", record.channel(), "transition", record.transition()));
    }

    private synchronized void keep(NotificationRecord record) {
        records.removeIf(r -> r.id().equals(record.id()) && r.channel().equals(record.channel()));
        records.addLast(record);
        while (records.size() > LOG_CAPACITY) {
            records.removeFirst();
        }
    }

    private void remember(String incidentId) {
        done.add(incidentId);
        Iterator<String> oldest = done.iterator();
        while (done.size() > DONE_CAPACITY && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The newest records first, optionally of one incident. */
    public synchronized List<NotificationRecord> log(Optional<String> incidentId, int limit) {
        List<NotificationRecord> result = new ArrayList<>();
        Iterator<NotificationRecord> newest = records.descendingIterator();
        while (newest.hasNext() && result.size() < limit) {
            NotificationRecord record = newest.next();
            if (incidentId.map(record.incidentId()::equals).orElse(true)) {
                result.add(record);
            }
        }
        return result;
    }

    @Override
    public void close() {
        decisions.close();
        channels.values().forEach(notifier -> {
            try {
                notifier.close();
            } catch (Exception e) {
                log.warn("notifier failed to close: {}", e.toString());
            }
        });
    }

    /** What has been sent about one active incident. */
    private static final class Tracked {
        private Incident incident;

        Tracked(Incident incident) {
            this.incident = incident;
        }

        private final Set<String> sent = new LinkedHashSet<>();
        private final Set<String> told = new LinkedHashSet<>();
        private boolean acknowledged;
    }

    private static NotificationRecord tried(NotificationRecord r, Instant at) {
        return new NotificationRecord(r.id(), r.incidentId(), r.service(), r.channel(), r.transition(), "pending",
                r.attempts() + 1, r.lastError(), r.createdAt(), at);
    }

    private static NotificationRecord withError(NotificationRecord r, String error, Instant at) {
        return new NotificationRecord(r.id(), r.incidentId(), r.service(), r.channel(), r.transition(), "pending",
                r.attempts(), Optional.of(error), r.createdAt(), at);
    }

    private static NotificationRecord withFailure(NotificationRecord r, String error, Instant at) {
        return new NotificationRecord(r.id(), r.incidentId(), r.service(), r.channel(), r.transition(), "failed",
                r.attempts(), Optional.of(error), r.createdAt(), at);
    }

    private static NotificationRecord delivered(NotificationRecord r, Instant at) {
        return new NotificationRecord(r.id(), r.incidentId(), r.service(), r.channel(), r.transition(), "delivered",
                r.attempts(), Optional.empty(), r.createdAt(), at);
    }
}
