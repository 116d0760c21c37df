package io.devmentor.monitoring.core.check;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.SharedServiceState;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.Thresholds;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.pipeline.Checked;
import io.devmentor.monitoring.core.support.CheckDeadline;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.PushReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one service on its interval, retries with backoff before calling it DOWN, keeps its state and
 * sliding window, and emits the events of its transitions and threshold crossings.
 *
 * <p>Nothing here blocks: the scheduler only hands work to the workers, and checks are asynchronous, so a
 * hung target holds no thread and delays no other service.
 */
public final class ServiceMonitor {

    private static final Logger log = LoggerFactory.getLogger(ServiceMonitor.class);
    private static final long WINDOW_MILLIS = Duration.ofMinutes(5).toMillis();
    private static final int WINDOW_BUCKETS = 30;
    private static final int MIN_CHECKS_FOR_ERROR_RATE = 3;
    private static final long BACKOFF_BASE_MILLIS = 100;
    private static final long BACKOFF_MAX_MILLIS = 2_000;
    private static final double INTERVAL_JITTER = 0.05;
    /** The detail a check that saw a TLS certificate gives (see {@code TlsSettings}). */
    private static final String CERTIFICATE_DAYS_LEFT = "certificateDaysLeft";

    private final ServiceDefinition service;
    /** Attempts after a failed one before the service is DOWN. */
    private final int retries;
    /** Attempts made again at once when the engine stood still through one, before the cycle is skipped. */
    private static final int MAX_STALLED_TRIES = 2;
    /** A stall shorter than this explains no check's slowness. */
    private static final long MIN_STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** What a check's span names as its target: the health URL of an HTTP service, else its host and port. */
    private final String target;
    /** What judges the service's conditions, when it has some. */
    private final Optional<Conditions> conditions;
    private final Optional<HealthChecker> checker;
    private final String noCheckerReason;
    private final EngineContext engine;
    private final Thresholds thresholds;
    private final Duration degradedAbove;
    private final ResponseWindow window = new ResponseWindow(WINDOW_MILLIS, WINDOW_BUCKETS);
    private final Timer checkDuration;
    private final List<Meter> meters = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Results of one service finish one at a time (the next cycle is scheduled after), so a plain flag will do. */
    private volatile boolean certificateGauge;
    /** One counter per outcome, made on its first use: nothing is registered on the check path after that. */
    private final Map<HealthStatus, Counter> results = new java.util.concurrent.ConcurrentHashMap<>();

    // Guarded by this.
    private HealthStatus status = HealthStatus.UNKNOWN;
    private Instant since;
    private @Nullable CheckResult lastResult;
    private int consecutiveFailures;
    private long checks;
    private long failures;
    private @Nullable String correlationId;
    private @Nullable Instant errorRateBreachedSince;
    private @Nullable Instant responseTimeBreachedSince;
    /** Whether {@link #lastResult} is another instance's check, shared with this one, rather than its own. */
    private boolean lastCheckedElsewhere;

    private volatile ServiceState snapshot;
    private volatile boolean stopped;
    private volatile @Nullable ScheduledFuture<?> nextRun;
    private volatile boolean checkAgainAtOnce;
    /** Callers of {@link #checkNowAndWait()} waiting for the next cycle to start, and those of the cycle under way. */
    private final List<CompletableFuture<ServiceState>> awaitingCycle = new ArrayList<>();
    private final List<CompletableFuture<ServiceState>> awaitingResult = new ArrayList<>();
    // Written by whoever schedules the next cycle: start, the end of a cycle, or checkNow; never two at once.
    private volatile long plannedNanos;

    ServiceMonitor(ServiceDefinition service, Optional<HealthChecker> checker, String noCheckerReason,
            Thresholds defaults, EngineContext engine) {
        this.service = service;
        this.checker = checker;
        this.noCheckerReason = noCheckerReason;
        this.engine = engine;
        this.thresholds = service.thresholds().orElse(defaults);
        this.target = service.target();
        this.degradedAbove = service.expect().maxResponseTime().orElse(thresholds.responseTime());
        List<String> conditionTexts = service.expect().conditions();
        this.conditions = conditionTexts.isEmpty() ? Optional.empty() : Optional.of(new Conditions(conditionTexts));
        // A service that reports of itself is not asked again: another look at the same reports finds the same.
        this.retries = checker.filter(PushReceiver.class::isInstance).isPresent() ? 0 : service.retryAttempts();
        this.since = engine.clock().instant();
        this.snapshot = snapshotLocked(engine.clock().instant());
        String name = service.name();
        this.checkDuration = Timer.builder("health.check.duration")
                .description("Duration of the last attempt of each health check")
                .tag("service", name)
                .register(engine.registry());
        meters.add(checkDuration);
        meters.add(Gauge.builder("service.health.status", this, m -> m.snapshot.statusValue())
                .description("1 up, 0.5 degraded, 0 down; absent (NaN) before the first check")
                .tag("service", name).register(engine.registry()));
        meters.add(Gauge.builder("service.error.rate", this, m -> m.snapshot.errorRate())
                .description("Ratio of failed checks over the last 5 minutes")
                .tag("service", name).register(engine.registry()));
        meters.add(Gauge.builder("service.response.time", this, m -> m.snapshot.responseTime().toNanos() / 1e9)
                .description("Mean response time over the last 5 minutes")
                .baseUnit("seconds").tag("service", name).register(engine.registry()));
        meters.add(Gauge.builder("service.uptime", this,
                        m -> m.snapshot.uptime(m.engine.clock().instant()).toMillis() / 1000.0)
                .description("Time since the service last became up")
                .baseUnit("seconds").tag("service", name).register(engine.registry()));
    }

    public ServiceState state() {
        return snapshot;
    }

    /**
     * Plans the first check: an interval after the service's last check by another instance when this one joins a
     * cluster that checked it, else at a random moment within the spread, or within the interval when that is
     * shorter, so that services started together are not checked together.
     */
    synchronized void start(Duration firstChecksSpread) {
        plannedNanos = nextInRhythm(firstChecksSpread);
        scheduleAt(plannedNanos);
    }

    /**
     * This instance has just taken the service over from another member of the cluster: its next check comes an
     * interval after that member's last one, as if the service had not moved, rather than at a moment of this
     * instance's own, which would check it twice within an interval, or leave it unchecked for nearly two. One that
     * is overdue (the other member went silent) is checked within a quarter of its interval, or within
     * {@code overdueSpread} when that is shorter, so that a member's whole share does not come due at once.
     */
    synchronized void takeOver(Duration overdueSpread) {
        ScheduledFuture<?> next = nextRun;
        if (stopped || next == null || !next.cancel(false)) {
            return; // not started yet (start keeps the rhythm), or a cycle is under way: it checks now
        }
        plannedNanos = nextInRhythm(overdueSpread);
        scheduleAt(plannedNanos);
    }

    /**
     * When the next check is due, on the ticker: an interval after the last check another member shared, while that
     * lies ahead; within a quarter of the interval (or {@code spread}, when shorter) when that has just passed;
     * otherwise at a random moment within {@code spread} (at most the interval).
     */
    private long nextInRhythm(Duration spread) {
        long now = engine.ticker().getAsLong();
        long interval = service.interval().toNanos();
        long within = Math.min(interval, spread.toNanos());
        CheckResult last = lastResult;
        if (last != null && lastCheckedElsewhere) {
            long due = interval - Duration.between(last.checkedAt(), engine.clock().instant()).toNanos();
            if (due > 0) {
                return now + Math.min(due, interval); // a clock ahead of this one's: at most an interval
            }
            if (due > -interval) {
                within = Math.min(within, interval / 4); // the last owner checked it of late: keep it close
            }
        }
        return now + ThreadLocalRandom.current().nextLong(Math.max(1, within));
    }

    /**
     * Checks now rather than at the next interval: cancels the planned cycle, or, when a cycle is under way
     * (it may have started before whatever prompted this), runs another as soon as it ends.
     */
    synchronized void checkNow() {
        if (stopped) {
            return;
        }
        ScheduledFuture<?> next = nextRun;
        if (next != null && next.cancel(false)) {
            plannedNanos = engine.ticker().getAsLong();
            scheduleAt(plannedNanos);
        } else {
            checkAgainAtOnce = true;
        }
    }

    /**
     * Checks now, as {@link #checkNow()} does, and completes with the state that the check after this call leaves.
     * Fails when the monitor is stopped before that.
     */
    public CompletableFuture<ServiceState> checkNowAndWait() {
        CompletableFuture<ServiceState> result = new CompletableFuture<>();
        synchronized (this) {
            if (stopped) {
                result.completeExceptionally(new IllegalStateException("the engine is closed"));
                return result;
            }
            awaitingCycle.add(result);
        }
        checkNow();
        return result;
    }

    /**
     * Applies the state another member's check left the service in, so that this instance's view (state, window,
     * error rate, the outage under way and its correlation id) stays current and is where that member left it
     * when this one takes the service over. Publishes nothing: the member that checked publishes the events.
     */
    public void applyShared(SharedServiceState shared) {
        if (stopped) {
            return;
        }
        ServiceState state;
        synchronized (this) {
            CheckResult result = shared.lastResult();
            checks++;
            if (result.status() == HealthStatus.DOWN) {
                failures++;
            }
            window.record(result.checkedAt().toEpochMilli(), result.latency().toNanos(),
                    result.status() == HealthStatus.DOWN);
            state = adopt(shared);
        }
        snapshot = state;
        engine.pipeline().accept(new Checked(state, false));
    }

    /**
     * Starts from the state the service was last shared in, before this instance checks it: a service down when
     * this instance joins stays down, under the outage's correlation id, without a new {@code service.down}.
     */
    public void resume(SharedServiceState shared) {
        ServiceState state;
        synchronized (this) {
            CheckResult last = lastResult;
            if (last != null && (!lastCheckedElsewhere || !shared.lastResult().checkedAt().isAfter(last.checkedAt()))) {
                return; // checked here already (this instance's own view is newer), or nothing newer
            }
            state = adopt(shared);
            // A check the last owner made while this instance was joining moves the first one here with it.
            takeOver(service.interval());
        }
        snapshot = state;
    }

    private ServiceState adopt(SharedServiceState shared) {
        lastResult = shared.lastResult();
        lastCheckedElsewhere = true;
        status = shared.status();
        since = shared.since();
        consecutiveFailures = shared.consecutiveFailures();
        correlationId = shared.correlationId().orElse(null);
        errorRateBreachedSince = shared.breaches().get("errorRate");
        responseTimeBreachedSince = shared.breaches().get("responseTime");
        return snapshotLocked(shared.lastResult().checkedAt());
    }

    public ServiceDefinition definition() {
        return service;
    }

    void stop() {
        List<CompletableFuture<ServiceState>> unanswered;
        synchronized (this) {
            stopped = true;
            unanswered = new ArrayList<>(awaitingCycle);
            unanswered.addAll(awaitingResult);
            awaitingCycle.clear();
            awaitingResult.clear();
        }
        ScheduledFuture<?> next = nextRun;
        if (next != null) {
            next.cancel(false);
        }
        meters.forEach(engine.registry()::remove);
        unanswered.forEach(waiting -> waiting.completeExceptionally(
                new IllegalStateException(service.name() + " is no longer watched")));
    }

    private void scheduleAt(long atNanos) {
        if (stopped) {
            return;
        }
        long delay = Math.max(0, atNanos - engine.ticker().getAsLong());
        try {
            nextRun = engine.scheduler().schedule(() -> engine.workers().execute(this::runCycle), delay,
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The engine is closing.
        }
    }

    private void runCycle() {
        if (stopped) {
            return;
        }
        if (!engine.owns().test(service.name())) {
            // Another member of the cluster checks it (its results arrive through applyShared), or a restart
            // of it is under way (checked at once when it ends).
            scheduleNext();
            return;
        }
        engine.scheduleDelay().record(Math.max(0, engine.ticker().getAsLong() - plannedNanos), TimeUnit.NANOSECONDS);
        synchronized (this) {
            awaitingResult.addAll(awaitingCycle);
            awaitingCycle.clear();
        }
        attempt(0, 0);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // an attempt's outcome is handled inside its callbacks; the retry ends with the scheduler at close
    private void attempt(int retry, int stalledTries) {
        long began = engine.stalls().begin();
        guardedCheck().whenCompleteAsync((result, ignored) -> {
            engine.stalls().end();
            if (!stopped && stalledDuring(result, began)) {
                // The engine was late, not the target: try again at once, and if the engine keeps standing still,
                // leave the service where it was for this cycle rather than count a failure that is the engine's.
                engine.stalledChecks().increment();
                if (stalledTries < MAX_STALLED_TRIES) {
                    log.debug("{}: attempt ({}) spanned a stall of the engine; trying again", service.name(),
                            result.message());
                    attempt(retry, stalledTries + 1);
                } else {
                    log.debug("{}: the engine stood still through {} attempts; this cycle is skipped", service.name(),
                            stalledTries + 1);
                    skipCycle();
                }
                return;
            }
            if (result.status() == HealthStatus.DOWN && retry < retries && !stopped) {
                long backoff = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_BASE_MILLIS << retry);
                long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                log.debug("{}: attempt {} failed ({}), retrying in {} ms", service.name(), retry + 1,
                        result.message(), jittered);
                try {
                    engine.scheduler().schedule(() -> engine.workers().execute(() -> attempt(retry + 1, stalledTries)),
                            jittered,
                            TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // The engine is closing.
                }
            } else {
                finish(result, retry + 1);
            }
        }, engine.workers());
    }

    /**
     * Whether an attempt's slowness is the engine's: it failed slowly (at half its timeout or later) or answered
     * over the response-time limit, and the engine stood still during it for a quarter of the timeout (or for the
     * time over the limit). A fast failure, such as a refused connection, is the target's whatever the engine did.
     */
    private boolean stalledDuring(CheckResult result, long began) {
        long latency = result.latency().toNanos();
        long bound;
        if (result.status() == HealthStatus.DOWN && latency >= service.timeout().toNanos() / 2) {
            bound = service.timeout().toNanos() / 4;
        } else if (result.status() == HealthStatus.UP && latency > degradedAbove.toNanos()) {
            bound = latency - degradedAbove.toNanos();
        } else {
            return false;
        }
        return engine.stalls().worstSince(began) >= Math.max(bound, MIN_STALL_NANOS);
    }

    /** Ends a cycle without a result: whoever waits for one gets the state as it stands. */
    private void skipCycle() {
        List<CompletableFuture<ServiceState>> answered;
        synchronized (this) {
            answered = List.copyOf(awaitingResult);
            awaitingResult.clear();
        }
        ServiceState state = snapshot;
        answered.forEach(waiting -> waiting.complete(state));
        scheduleNext();
    }

    /** One attempt, always completing: on time, whatever the checker does. */
    // The span's end hangs off the outcome, which always completes; its scope only needs to be open, not read.
    @SuppressWarnings({"FutureReturnValueIgnored", "try"})
    private CompletableFuture<CheckResult> guardedCheck() {
        CompletableFuture<CheckResult> outcome = new CompletableFuture<>();
        if (checker.isEmpty()) {
            outcome.complete(new CheckResult(HealthStatus.UNKNOWN, engine.clock().instant(), Duration.ZERO,
                    noCheckerReason, Map.of()));
            return outcome;
        }
        // A span for the attempt, current while the checker starts it, so that the HTTP checker sends its traceparent.
        Span span = engine.tracer().spanBuilder("check " + service.name()).setSpanKind(SpanKind.CLIENT)
                .setAttribute("service.name", service.name())
                .setAttribute("check.type", service.kind())
                .setAttribute("check.target", target)
                .startSpan();
        outcome.whenComplete((result, failure) -> {
            if (result != null) {
                span.setAttribute("check.status", result.status().wireName());
                span.setAttribute("check.latency_ms", result.latency().toMillis());
                if (result.status() == HealthStatus.DOWN) {
                    span.setStatus(StatusCode.ERROR, result.message());
                }
            }
            span.end();
        });
        CompletionStage<CheckResult> stage;
        try (Scope current = span.makeCurrent()) {
            stage = checker.get().check(service);
        } catch (RuntimeException e) {
            engine.pluginErrors().increment();
            log.warn("{}: the '{}' checker failed: {}", service.name(), service.kind(), e.toString());
            outcome.complete(new CheckResult(HealthStatus.UNKNOWN, engine.clock().instant(), Duration.ZERO,
                    "checker failed: " + e, Map.of()));
            return outcome;
        }
        Duration timeout = service.timeout();
        CheckDeadline timer;
        try {
            timer = CheckDeadline.start(engine.scheduler(), timeout, () -> {
                if (outcome.complete(CheckResult.down(engine.clock().instant(), timeout,
                        "timed out after " + timeout.toMillis() + " ms"))) {
                    cancel(stage);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            cancel(stage); // the engine is closing: this attempt ends with it
            return outcome;
        }
        stage.whenComplete((result, failure) -> {
            timer.cancel();
            if (failure != null) {
                outcome.complete(CheckResult.down(engine.clock().instant(), Duration.ZERO, failure.toString()));
            } else if (result == null) {
                engine.pluginErrors().increment();
                outcome.complete(new CheckResult(HealthStatus.UNKNOWN, engine.clock().instant(), Duration.ZERO,
                        "checker returned no result", Map.of()));
            } else {
                outcome.complete(conditions.map(c -> c.judge(result)).orElse(result));
            }
        });
        return outcome;
    }

    private static void cancel(CompletionStage<CheckResult> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException e) {
            // A stage that cannot be cancelled is left to finish on its own; its result is ignored.
        }
    }

    private void finish(CheckResult raw, int attempts) {
        CheckResult result = raw;
        if (raw.status() == HealthStatus.UP && raw.latency().compareTo(degradedAbove) > 0) {
            result = new CheckResult(HealthStatus.DEGRADED, raw.checkedAt(), raw.latency(),
                    "responded in " + raw.latency().toMillis() + " ms, limit " + degradedAbove.toMillis() + " ms",
                    raw.details());
        }
        checkDuration.record(result.latency());
        if (!certificateGauge && result.details().get(CERTIFICATE_DAYS_LEFT) instanceof Number) {
            registerCertificateGauge();
        }
        results.computeIfAbsent(result.status(), status -> {
            Counter counter = Counter.builder("health.check.results")
                    .description("Health check results, by service and status").tag("service", service.name())
                    .tag("status", status.name().toLowerCase(java.util.Locale.ROOT)).register(engine.registry());
            meters.add(counter);
            return counter;
        }).increment();
        List<MonitoringEvent> events = new ArrayList<>(2);
        ServiceState state;
        List<CompletableFuture<ServiceState>> answered;
        synchronized (this) {
            state = update(result, attempts, events);
            answered = List.copyOf(awaitingResult);
            awaitingResult.clear();
        }
        snapshot = state;
        events.forEach(engine.publish());
        engine.pipeline().accept(new Checked(state, true));
        answered.forEach(waiting -> waiting.complete(state));
        scheduleNext();
    }

    /**
     * Registered with the first result that carries a certificate, so that a fleet of plain HTTP services does not
     * publish a series of NaN each (a tenth of a large scrape).
     */
    private void registerCertificateGauge() {
        certificateGauge = true;
        meters.add(Gauge.builder("service.certificate.expiry", this, m -> m.snapshot.lastResult()
                        .map(r -> r.details().get(CERTIFICATE_DAYS_LEFT)).filter(Number.class::isInstance)
                        .map(days -> ((Number) days).doubleValue() * 86_400).orElse(Double.NaN))
                .description("Time until the TLS certificate its last check saw expires; NaN when it saw none")
                .baseUnit("seconds").tag("service", service.name()).register(engine.registry()));
    }

    /** Applies one result; collects the events to publish once the lock is released. */
    private ServiceState update(CheckResult result, int attempts, List<MonitoringEvent> events) {
        Instant at = result.checkedAt();
        HealthStatus now = result.status();
        boolean failed = now == HealthStatus.DOWN;
        checks++;
        if (failed) {
            failures++;
            consecutiveFailures++;
        } else {
            consecutiveFailures = 0;
        }
        window.record(at.toEpochMilli(), result.latency().toNanos(), failed);
        lastResult = result;
        lastCheckedElsewhere = false;
        if (now != status) {
            HealthStatus previous = status;
            status = now;
            since = at;
            transition(previous, result, attempts).ifPresent(events::add);
        }
        ResponseWindow.Summary summary = window.summary(at.toEpochMilli());
        thresholdCrossings(summary, at, events);
        return snapshotLocked(at);
    }

    private Optional<MonitoringEvent> transition(HealthStatus previous, CheckResult result, int attempts) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", service.name());
        data.put("status", status.wireName());
        data.put("previousStatus", previous.wireName());
        data.put("message", result.message());
        data.put("responseTimeMs", result.latency().toMillis());
        data.put("attempts", attempts);
        data.put("critical", service.critical());
        String type;
        Severity severity;
        switch (status) {
            case UP:
                type = EventTypes.SERVICE_UP;
                severity = Severity.INFO;
                break;
            case DOWN:
                type = EventTypes.SERVICE_DOWN;
                severity = service.critical() ? Severity.CRITICAL : Severity.ERROR;
                break;
            case DEGRADED:
                type = EventTypes.SERVICE_DEGRADED;
                severity = Severity.WARNING;
                break;
            default:
                return Optional.empty();
        }
        if (status != HealthStatus.UP && correlationId == null) {
            correlationId = UUID.randomUUID().toString();
        }
        MonitoringEvent event = event(type, severity, result.checkedAt(), data);
        if (status == HealthStatus.UP) {
            correlationId = null;
        }
        // A failure is an error, as the seed logs it, so that error logs and their alerts see every outage. The
        // service and the outage's correlation id are fields of their own, for structured logs.
        log.atLevel(status == HealthStatus.DOWN ? org.slf4j.event.Level.ERROR
                        : status == HealthStatus.DEGRADED ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
                .addKeyValue("service", service.name())
                .addKeyValue("correlationId", event.metadata().correlationId().orElse(null))
                .log("{} is {} ({}) after {} attempt(s)", service.name(), status, result.message(), attempts);
        return Optional.of(event);
    }

    private void thresholdCrossings(ResponseWindow.Summary summary, Instant at, List<MonitoringEvent> events) {
        boolean errorRateHigh = summary.count() >= MIN_CHECKS_FOR_ERROR_RATE
                && summary.errorRate() > thresholds.errorRate();
        if (errorRateHigh != (errorRateBreachedSince != null)) {
            errorRateBreachedSince = errorRateHigh ? at : null;
            events.add(thresholdEvent("errorRate", summary.errorRate(), thresholds.errorRate(), errorRateHigh, at));
        }
        double meanMillis = summary.meanNanos() / 1e6;
        boolean slow = meanMillis > thresholds.responseTime().toMillis();
        if (slow != (responseTimeBreachedSince != null)) {
            responseTimeBreachedSince = slow ? at : null;
            events.add(thresholdEvent("responseTime", meanMillis, thresholds.responseTime().toMillis(), slow, at));
        }
    }

    private MonitoringEvent thresholdEvent(String metric, double value, double limit, boolean breached, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", service.name());
        data.put("metric", metric);
        data.put("value", value);
        data.put("threshold", limit);
        data.put("state", breached ? "breached" : "cleared");
        return event(EventTypes.METRIC_THRESHOLD, breached ? Severity.WARNING : Severity.INFO, at, data);
    }

    private MonitoringEvent event(String type, Severity severity, Instant at, Map<String, Object> data) {
        MonitoringEvent event = MonitoringEvent.of(type, service.name(), at, severity, data);
        EventMetadata metadata = new EventMetadata(Optional.ofNullable(correlationId), Optional.empty(),
                Optional.empty(), service.tags(), 1);
        return event.withMetadata(metadata);
    }

    private ServiceState snapshotLocked(Instant at) {
        ResponseWindow.Summary summary = window.summary(at.toEpochMilli());
        return new ServiceState(service, status, since, Optional.ofNullable(lastResult), consecutiveFailures, checks,
                failures, Duration.ofNanos(summary.meanNanos()), Duration.ofNanos(summary.maxNanos()),
                summary.errorRate(), Optional.ofNullable(correlationId), breaches());
    }

    private Map<String, Instant> breaches() {
        Map<String, Instant> breaches = new LinkedHashMap<>();
        if (errorRateBreachedSince != null) {
            breaches.put("errorRate", errorRateBreachedSince);
        }
        if (responseTimeBreachedSince != null) {
            breaches.put("responseTime", responseTimeBreachedSince);
        }
        return breaches;
    }

    private synchronized void scheduleNext() {
        if (checkAgainAtOnce) {
            checkAgainAtOnce = false;
            plannedNanos = engine.ticker().getAsLong();
            scheduleAt(plannedNanos);
            return;
        }
        long interval = service.interval().toNanos();
        long jitter = (long) (interval * INTERVAL_JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1));
        plannedNanos += interval + jitter;
        long now = engine.ticker().getAsLong();
        if (plannedNanos < now) {
            // The check outlasted its interval (timeouts and retries): start the next one now, and do not
            // count its own length as scheduling delay.
            plannedNanos = now;
        }
        scheduleAt(plannedNanos);
    }
}
