package io.devmentor.monitoring.core.intelligence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.EventTypes;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Objectives;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.SharedStorageException;
import io.devmentor.monitoring.core.SlaReport;
import io.devmentor.monitoring.core.pipeline.IncidentCommands;
import io.devmentor.monitoring.spi.SharedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the checks of the services that have objectives, per minute for six hours and per hour for 30 days,
 * and reports their compliance, error budgets and burn rates. Burn-rate alerts follow the multi-window method:
 * {@code fast} when both the last hour and the last 5 minutes spend the 30-day budget 14.4 times too fast
 * (2 % of it in an hour), {@code slow} when both the last 6 hours and the last 30 minutes spend it 6 times too
 * fast (5 % in 6 hours). An alert is an {@code sla.burn_rate} event and an incident (cause
 * {@code sla.availability} or {@code sla.latency}), resolved when the alert ends.
 *
 * <p>Alone, an instance counts every check it learns of, its own and those other members share, and keeps the hourly
 * counts in the data directory, so that a restart keeps the month. With a shared store, the instance that made a check
 * counts it there (each second, in one write per service), and every instance reports from the store: each check is
 * counted once across the fleet, every instance gives the same figures, and one that joins or restarts has the month.
 */
public final class SlaTracker {

    public static final String FILE = "sla.json";
    /** The prefix of a service's ledger in the shared store. */
    static final String LEDGER = "sla:";
    private static final int MINUTES = 6 * 60;
    private static final int HOURS = 30 * 24;
    private static final double FAST = 14.4;
    private static final double SLOW = 6;
    private static final int MINIMUM_SHORT_CHECKS = 5;
    private static final Logger log = LoggerFactory.getLogger(SlaTracker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Counts waiting for the shared store, at most: past this (a long outage of it), new checks go uncounted. */
    static final int MAX_PENDING_COUNTS = 100_000;

    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
    private final Function<String, Optional<Objectives>> objectives;
    private final Clock clock;
    private final Consumer<MonitoringEvent> publish;
    private final IncidentCommands incidents;
    private final Predicate<String> owns;
    /** Where the counts are kept across restarts; none without a data directory. */
    private final Optional<Path> file;
    /** Where every instance counts, when there is one. */
    private final Optional<SharedStore> shared;
    /** This instance's counts not yet in the shared store: service → key → count. Guarded by itself. */
    private final Map<String, Map<String, Long>> pending = new LinkedHashMap<>();
    private int pendingCounts;
    private boolean droppingLogged;
    /** The services this instance has counted in the shared store; guarded by this. */
    private final java.util.Set<String> counted = new java.util.HashSet<>();
    // Service → objective → the alert that holds; guarded by this.
    private final Map<String, Map<String, SlaReport.Alert>> alerts = new LinkedHashMap<>();

    /** One service's counts: {start, checks, available, fast} per minute and per hour, in rings. */
    private static final class Ledger {
        final long[][] minutes = new long[MINUTES][4];
        final long[][] hours = new long[HOURS][4];

        /** A ledger of counts read back from a shared store: keys {@code m<minute>.c|a|f}, {@code h<hour>.c|a|f}. */
        static Ledger of(Map<String, Long> counts) {
            Ledger ledger = new Ledger();
            counts.forEach((key, count) -> {
                int dot = key.indexOf('.');
                if (dot < 2 || dot != key.length() - 2) {
                    return;
                }
                long[][] ring = key.charAt(0) == 'm' ? ledger.minutes : key.charAt(0) == 'h' ? ledger.hours : null;
                int part = "caf".indexOf(key.charAt(dot + 1));
                long slot;
                try {
                    slot = Long.parseLong(key.substring(1, dot));
                } catch (NumberFormatException e) {
                    return;
                }
                if (ring == null || part < 0) {
                    return;
                }
                long[] bucket = ring[(int) Math.floorMod(slot, (long) ring.length)];
                if (bucket[0] != slot && bucket[0] < slot) {
                    bucket[0] = slot;
                    bucket[1] = 0;
                    bucket[2] = 0;
                    bucket[3] = 0;
                }
                if (bucket[0] == slot) {
                    bucket[1 + part] += count;
                }
            });
            return ledger;
        }

        synchronized void record(long epochSecond, boolean available, boolean fast) {
            add(minutes, epochSecond / 60, available, fast);
            add(hours, epochSecond / 3600, available, fast);
        }

        private static void add(long[][] ring, long slot, boolean available, boolean fast) {
            long[] bucket = ring[(int) Math.floorMod(slot, (long) ring.length)];
            if (bucket[0] != slot) {
                bucket[0] = slot;
                bucket[1] = 0;
                bucket[2] = 0;
                bucket[3] = 0;
            }
            bucket[1]++;
            bucket[2] += available ? 1 : 0;
            bucket[3] += fast ? 1 : 0;
        }

        /** {checks, available, fast} over the last {@code window}, by minutes up to six hours, else by hours. */
        synchronized long[] sum(Instant now, Duration window) {
            boolean byMinute = window.compareTo(Duration.ofHours(6)) <= 0;
            long[][] ring = byMinute ? minutes : hours;
            long unit = byMinute ? 60 : 3600;
            long last = now.getEpochSecond() / unit;
            long first = last - window.toSeconds() / unit + 1;
            long[] sum = new long[3];
            for (long[] bucket : ring) {
                if (bucket[1] > 0 && bucket[0] >= first && bucket[0] <= last) {
                    sum[0] += bucket[1];
                    sum[1] += bucket[2];
                    sum[2] += bucket[3];
                }
            }
            return sum;
        }
    }

    public SlaTracker(Function<String, Optional<Objectives>> objectives, Clock clock, Consumer<MonitoringEvent> publish,
            IncidentCommands incidents, Predicate<String> owns, Optional<Path> dataDirectory,
            Optional<SharedStore> shared) {
        this.objectives = objectives;
        this.clock = clock;
        this.publish = publish;
        this.incidents = incidents;
        this.owns = owns;
        this.shared = shared;
        this.file = shared.isPresent() ? Optional.empty() : dataDirectory.map(d -> d.resolve(FILE));
        load();
    }

    /**
     * Counts one finished check of a service, if it has objectives: with a shared store, only this instance's own
     * checks (the others count theirs).
     *
     * @param state the service's state after the check
     * @param ownCheck whether this instance made the check
     */
    public void checked(ServiceState state, boolean ownCheck) {
        Optional<Objectives> wanted = state.definition().objectives();
        if (wanted.isEmpty() || state.lastResult().isEmpty() || (shared.isPresent() && !ownCheck)) {
            return;
        }
        boolean available = state.status() != HealthStatus.DOWN;
        boolean fast = available && wanted.get().latency()
                .map(l -> state.lastResult().get().latency().compareTo(l) <= 0).orElse(true);
        long epochSecond = state.lastResult().get().checkedAt().getEpochSecond();
        if (shared.isEmpty()) {
            ledgers.computeIfAbsent(state.name(), n -> new Ledger()).record(epochSecond, available, fast);
            return;
        }
        synchronized (pending) {
            if (pendingCounts >= MAX_PENDING_COUNTS) {
                if (!droppingLogged) {
                    droppingLogged = true;
                    log.error("the shared store has not taken SLA counts for a while; {} wait, and new checks go"
                            + " uncounted until it does", pendingCounts);
                }
                return;
            }
            Map<String, Long> counts = pending.computeIfAbsent(state.name(), n -> new LinkedHashMap<>());
            synchronized (this) {
                counted.add(state.name());
            }
            for (String key : List.of("m" + epochSecond / 60, "h" + epochSecond / 3600)) {
                add(counts, key + ".c", 1);
                add(counts, key + ".a", available ? 1 : 0);
                add(counts, key + ".f", fast ? 1 : 0);
            }
        }
    }

    private void add(Map<String, Long> counts, String key, long delta) {
        if (counts.merge(key, delta, Long::sum) == delta) {
            pendingCounts++;
        }
    }

    /**
     * Writes this instance's counts to the shared store, one write per service; what could not be written waits for
     * the next time. Run each second; nothing to do without a shared store.
     */
    public void flush() {
        if (shared.isEmpty()) {
            return;
        }
        Map<String, Map<String, Long>> writing;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            writing = new LinkedHashMap<>(pending);
            pending.clear();
            pendingCounts = 0;
        }
        for (Map.Entry<String, Map<String, Long>> service : writing.entrySet()) {
            try {
                shared.get().addCounts(LEDGER + service.getKey(), service.getValue());
            } catch (Exception e) {
                log.warn("SLA counts of {} not written to the shared store, kept for the next try: {}",
                        service.getKey(), e.toString());
                synchronized (pending) {
                    Map<String, Long> counts = pending.computeIfAbsent(service.getKey(), n -> new LinkedHashMap<>());
                    service.getValue().forEach((key, delta) -> add(counts, key, delta));
                }
            }
        }
        synchronized (pending) {
            if (pending.isEmpty()) {
                droppingLogged = false;
            }
        }
    }

    /** A service's ledger: this instance's, or, with a shared store, the fleet's with this instance's unwritten. */
    private Ledger ledger(String service) {
        if (shared.isEmpty()) {
            return ledgers.computeIfAbsent(service, n -> new Ledger());
        }
        Map<String, Long> counts;
        try {
            counts = new LinkedHashMap<>(shared.get().counts(LEDGER + service));
        } catch (Exception e) {
            throw new SharedStorageException("the SLA counts of " + service + " could not be read", e);
        }
        synchronized (pending) {
            pending.getOrDefault(service, Map.of()).forEach((key, delta) -> counts.merge(key, delta, Long::sum));
        }
        return Ledger.of(counts);
    }

    /** The report of one service, if it has objectives. */
    public Optional<SlaReport> report(String service) {
        return objectives.apply(service).map(o -> report(service, o, clock.instant()));
    }

    private SlaReport report(String service, Objectives wanted, Instant now) {
        Ledger ledger = ledger(service);
        Map<String, SlaReport.Window> compliance = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> window : Map.of("1d", Duration.ofDays(1), "7d", Duration.ofDays(7),
                "30d", Duration.ofDays(30)).entrySet()) {
            long[] sum = ledger.sum(now, window.getValue());
            double availability = sum[0] == 0 ? Double.NaN : 100.0 * sum[1] / sum[0];
            double latency = sum[1] == 0 ? Double.NaN : 100.0 * sum[2] / sum[1];
            compliance.put(window.getKey(), new SlaReport.Window(sum[0], availability, latency,
                    budgetLeft(availability, wanted.availability().orElse(Double.NaN)),
                    budgetLeft(latency, wanted.latency().isPresent() ? wanted.latencyPercentile() : Double.NaN)));
        }
        Map<String, Map<String, Double>> burnRates = new LinkedHashMap<>();
        for (String objective : List.of("availability", "latency")) {
            if (target(wanted, objective).isEmpty()) {
                continue;
            }
            Map<String, Double> rates = new LinkedHashMap<>();
            for (String window : List.of("5m", "30m", "1h", "6h")) {
                rates.put(window, burnRate(ledger, wanted, objective, now, window(window)));
            }
            burnRates.put(objective, rates);
        }
        List<SlaReport.Alert> holding;
        synchronized (this) {
            holding = List.copyOf(alerts.getOrDefault(service, Map.of()).values());
        }
        return new SlaReport(service, wanted, compliance, burnRates, holding, now);
    }

    /** Evaluates the burn-rate alerts of every service with objectives; run on a schedule. */
    public void evaluate(List<ServiceState> states) {
        Instant now = clock.instant();
        for (ServiceState state : states) {
            Optional<Objectives> wanted = state.definition().objectives();
            if (wanted.isEmpty() || !owns.test(state.name())) {
                continue;
            }
            Ledger ledger;
            try {
                ledger = ledger(state.name());
            } catch (SharedStorageException e) {
                log.warn("burn rates of {} not evaluated: {}", state.name(), e.getMessage());
                continue;
            }
            for (String objective : List.of("availability", "latency")) {
                if (target(wanted.get(), objective).isEmpty()) {
                    continue;
                }
                Optional<SlaReport.Alert> alert = alert(ledger, wanted.get(), objective, now, "fast", FAST,
                        Duration.ofHours(1), Duration.ofMinutes(5))
                        .or(() -> alert(ledger, wanted.get(), objective, now, "slow", SLOW, Duration.ofHours(6),
                                Duration.ofMinutes(30)));
                transition(state.name(), objective, alert, now);
            }
        }
    }

    private Optional<SlaReport.Alert> alert(Ledger ledger, Objectives wanted, String objective, Instant now, String kind,
            double factor, Duration longWindow, Duration shortWindow) {
        long shortChecks = ledger.sum(now, shortWindow)[objective.equals("availability") ? 0 : 1];
        if (shortChecks < MINIMUM_SHORT_CHECKS) {
            return Optional.empty();
        }
        double longRate = burnRate(ledger, wanted, objective, now, longWindow);
        double shortRate = burnRate(ledger, wanted, objective, now, shortWindow);
        return longRate > factor && shortRate > factor
                ? Optional.of(new SlaReport.Alert(objective, kind, longRate, shortRate, now)) : Optional.empty();
    }

    private void transition(String service, String objective, Optional<SlaReport.Alert> alert, Instant now) {
        SlaReport.Alert before;
        synchronized (this) {
            Map<String, SlaReport.Alert> holding = alerts.computeIfAbsent(service, s -> new LinkedHashMap<>());
            before = holding.get(objective);
            if (alert.isPresent() && before != null && before.kind().equals(alert.get().kind())) {
                return; // holds as it was
            }
            if (alert.isPresent()) {
                holding.put(objective, before == null ? alert.get() : new SlaReport.Alert(objective,
                        alert.get().kind(), alert.get().longBurnRate(), alert.get().shortBurnRate(), before.since()));
            } else {
                holding.remove(objective);
            }
        }
        String cause = "sla." + objective;
        Optional<Incident> open = incidents.active().stream()
                .filter(i -> i.service().equals(service) && i.cause().equals(cause)).findFirst();
        if (alert.isPresent()) {
            SlaReport.Alert a = alert.get();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("service", service);
            data.put("objective", objective);
            data.put("kind", a.kind());
            data.put("longBurnRate", round(a.longBurnRate()));
            data.put("shortBurnRate", round(a.shortBurnRate()));
            data.put("windows", a.kind().equals("fast") ? "1h/5m" : "6h/30m");
            String text = String.format(java.util.Locale.ROOT, "%s spends its %s error budget %.1f times too fast"
                    + " (%s over %s)", service, objective, a.shortBurnRate(), a.kind(), data.get("windows"));
            publish.accept(MonitoringEvent.of(EventTypes.SLA_BURN_RATE, service, now,
                    a.kind().equals("fast") ? Severity.ERROR : Severity.WARNING, data));
            if (open.isPresent() && a.kind().equals("fast")
                    && open.get().severity().compareTo(IncidentSeverity.HIGH) < 0) {
                incidents.raise(open.get().id(), IncidentSeverity.HIGH, "engine", text, data); // it turned fast
            } else if (open.isPresent()) {
                incidents.note(open.get().id(), "engine", "sla", text, data); // fast again, or slow again
            } else {
                try {
                    incidents.open(service, text, a.kind().equals("fast") ? IncidentSeverity.HIGH
                            : IncidentSeverity.MEDIUM, "engine", cause);
                } catch (RuntimeException e) {
                    log.warn("no incident for {}: {}", text, e.toString());
                }
            }
        } else if (before != null) {
            publish.accept(MonitoringEvent.of(EventTypes.SLA_RECOVERED, service, now, Severity.INFO,
                    Map.of("service", service, "objective", objective)));
            open.ifPresent(i -> {
                try {
                    incidents.resolveByEngine(i.id(), "engine", Optional.of(objective + " burn rate back under its alerts"));
                } catch (RuntimeException e) {
                    log.warn("incident {} not resolved: {}", i.id(), e.toString());
                }
            });
        }
    }

    private static double burnRate(Ledger ledger, Objectives wanted, String objective, Instant now, Duration window) {
        long[] sum = ledger.sum(now, window);
        double target = target(wanted, objective).orElse(Double.NaN);
        long total = objective.equals("availability") ? sum[0] : sum[1];
        long good = objective.equals("availability") ? sum[1] : sum[2];
        if (total == 0) {
            return 0;
        }
        double badShare = 1 - (double) good / total;
        return badShare / (1 - target / 100);
    }

    private static Optional<Double> target(Objectives wanted, String objective) {
        return objective.equals("availability") ? wanted.availability()
                : wanted.latency().map(l -> wanted.latencyPercentile());
    }

    private static double budgetLeft(double percentGood, double target) {
        if (Double.isNaN(percentGood) || Double.isNaN(target)) {
            return Double.NaN;
        }
        return 1 - (100 - percentGood) / (100 - target);
    }

    private static Duration window(String name) {
        return switch (name) {
            case "5m" -> Duration.ofMinutes(5);
            case "30m" -> Duration.ofMinutes(30);
            case "1h" -> Duration.ofHours(1);
            default -> Duration.ofHours(6);
        };
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * Writes the hourly counts, atomically: a crash leaves the previous file. With a shared store, writes what waits
     * and forgets there the counts of this instance's services that have left the ledger's windows.
     */
    public void save() {
        file.ifPresent(this::save);
        if (shared.isPresent()) {
            flush();
            forgetOld();
        }
    }

    /** Removes from the shared store the counts older than the ledger keeps: minutes over six hours, hours over 30 days. */
    private void forgetOld() {
        long nowSecond = clock.instant().getEpochSecond();
        long firstMinute = nowSecond / 60 - MINUTES;
        long firstHour = nowSecond / 3600 - HOURS;
        List<String> services;
        synchronized (this) {
            services = List.copyOf(counted);
        }
        for (String service : services) {
            try {
                List<String> old = new ArrayList<>();
                for (String key : shared.orElseThrow().counts(LEDGER + service).keySet()) {
                    int dot = key.indexOf('.');
                    try {
                        long slot = Long.parseLong(key.substring(1, Math.max(1, dot)));
                        if ((key.charAt(0) == 'm' && slot < firstMinute) || (key.charAt(0) == 'h' && slot < firstHour)) {
                            old.add(key);
                        }
                    } catch (NumberFormatException e) {
                        old.add(key); // not a count of ours
                    }
                }
                shared.orElseThrow().removeCounts(LEDGER + service, old);
            } catch (Exception e) {
                log.debug("old SLA counts of {} not forgotten: {}", service, e.toString());
            }
        }
    }

    private void save(Path file) {
        Map<String, List<long[]>> hours = new LinkedHashMap<>();
        ledgers.forEach((service, ledger) -> {
            List<long[]> used = new ArrayList<>();
            synchronized (ledger) {
                for (long[] bucket : ledger.hours) {
                    if (bucket[1] > 0) {
                        used.add(bucket.clone());
                    }
                }
            }
            hours.put(service, used);
        });
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), Map.of("version", 1, "hours", hours));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("SLA counts not saved to {}: {}", file, e.toString());
        }
    }

    private void load() {
        Path file = this.file.orElse(null);
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.path("hours").properties().forEach(service -> {
                Ledger ledger = ledgers.computeIfAbsent(service.getKey(), n -> new Ledger());
                for (JsonNode bucket : service.getValue()) {
                    long hour = bucket.get(0).asLong();
                    long[] slot = ledger.hours[(int) Math.floorMod(hour, (long) HOURS)];
                    for (int i = 0; i < 4; i++) {
                        slot[i] = bucket.get(i).asLong();
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("SLA counts in {} not read, starting afresh: {}", file, e.toString());
        }
    }
}
