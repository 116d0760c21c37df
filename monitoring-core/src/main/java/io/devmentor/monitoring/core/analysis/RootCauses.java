package io.devmentor.monitoring.core.analysis;

import io.devmentor.monitoring.api.FailureKinds;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.IncidentAnalysis.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Ranks the likely causes of a service's failure from what else is in trouble: its dependencies (declared,
 * transitively) and how far down the chain they are, the order in which troubles began, and the series that
 * turned unusual before it (predictions). A pure function of the signals given, so that it can be evaluated
 * offline ({@code RootCauseEvaluation} in the benchmarks).
 *
 * <p>Scores, from what operators find first in practice: a dependency in trouble whose own dependencies are
 * fine is the root of its chain and ranks first; the service itself ranks next when nothing it depends on is in
 * trouble, higher when its failure is its own (a refused connection, a certificate, a name that does not
 * resolve) than when it may be passed on (a timeout, a 5xx); a service it is not declared to depend on ranks by
 * how shortly before it its trouble began; unusual series of the service or of its host rank by their
 * confidence and their lead.
 */
public final class RootCauses {

    private static final Duration LEAD = Duration.ofMinutes(30);
    private static final Duration UNDECLARED_LEAD = Duration.ofMinutes(5);

    private RootCauses() {
    }

    /**
     * What is known of one service.
     *
     * @param service its name
     * @param dependsOn the services it is declared to depend on
     * @param status its status now
     * @param troubleSince when it stopped being UP, if it did
     * @param failureKind the kind of its last failure ({@link FailureKinds}), or {@code unknown}; read for the
     *     failing service only
     */
    public record ServiceSignal(String service, List<String> dependsOn, HealthStatus status,
            Optional<Instant> troubleSince, String failureKind) {

        /** Validates and copies the components. */
        public ServiceSignal {
            Objects.requireNonNull(service, "service");
            dependsOn = List.copyOf(dependsOn);
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(troubleSince, "troubleSince");
            Objects.requireNonNull(failureKind, "failureKind");
        }

        boolean inTrouble() {
            return status == HealthStatus.DOWN || status == HealthStatus.DEGRADED;
        }
    }

    /**
     * A series that turned unusual: a prediction that holds.
     *
     * @param service the service it belongs to, or {@code system}
     * @param series the series
     * @param type the prediction type
     * @param confidence the prediction's confidence
     * @param since when it began
     */
    public record SeriesSignal(String service, String series, String type, double confidence, Instant since) {
    }

    /**
     * Ranks the causes of a failure.
     *
     * @param failing the service that failed
     * @param failedAt when it failed
     * @param services what is known of every service, by name
     * @param series the series that are unusual now
     * @return the causes, most likely first (at most ten)
     */
    public static List<Cause> rank(String failing, Instant failedAt, Map<String, ServiceSignal> services,
            List<SeriesSignal> series) {
        Map<String, Integer> distance = dependencies(failing, services);
        List<Cause> causes = new ArrayList<>();
        boolean troubledDependency = false;
        for (Map.Entry<String, Integer> dependency : distance.entrySet()) {
            ServiceSignal signal = services.get(dependency.getKey());
            double trouble = trouble(signal, dependency.getKey(), failedAt, series);
            if (trouble == 0) {
                continue;
            }
            troubledDependency = true;
            boolean bottom = signal == null || signal.dependsOn().stream()
                    .noneMatch(d -> trouble(services.get(d), d, failedAt, series) > 0);
            Optional<Instant> began = began(signal, dependency.getKey(), series);
            boolean before = began.map(b -> !b.isAfter(failedAt)).orElse(false);
            double score = 0.6 + 0.3 * trouble + (bottom ? 0.2 : -0.2) - 0.02 * (dependency.getValue() - 1)
                    + (before ? 0.1 : 0);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("distance", dependency.getValue());
            evidence.put("status", signal == null ? "unknown" : signal.status().wireName());
            began.ifPresent(b -> evidence.put("troubleSince", b.toString()));
            evidence.put("rootOfChain", bottom);
            causes.add(new Cause(dependency.getKey(), "service", score, (bottom ? "a dependency in trouble whose own"
                    + " dependencies are fine" : "a dependency in trouble") + (dependency.getValue() > 1
                    ? " (" + dependency.getValue() + " steps down)" : "") + (before ? ", since before " + failing
                    + " failed" : ""), evidence));
        }
        ServiceSignal self = services.get(failing);
        String kind = self == null ? FailureKinds.UNKNOWN : self.failureKind();
        boolean ownFailure = kind.equals(FailureKinds.CONNECTION_REFUSED) || kind.equals(FailureKinds.DNS)
                || kind.equals(FailureKinds.CERTIFICATE) || kind.equals(FailureKinds.HTTP_4XX);
        double selfScore = troubledDependency ? 0.3 : ownFailure ? 0.6 : 0.4;
        causes.add(new Cause(failing, "service", selfScore, "its own failure: " + kind.replace('_', ' '),
                Map.of("failureKind", kind)));
        for (SeriesSignal signal : series) {
            boolean related = signal.service().equals(failing) || signal.service().equals("system");
            Duration lead = Duration.between(signal.since(), failedAt);
            if (!related || lead.isNegative() || lead.compareTo(LEAD) > 0) {
                continue;
            }
            double score = 0.35 + 0.2 * signal.confidence() + (troubledDependency ? 0 : 0.1);
            causes.add(new Cause(signal.service(), signal.series(), score, signal.type().replace('_', ' ')
                    + " of " + signal.series() + ", " + lead.toMinutes() + " min before the failure",
                    Map.of("type", signal.type(), "confidence", signal.confidence(), "since", signal.since().toString())));
        }
        // Every other service in trouble is a candidate; in a large fleet during a wide outage that is thousands,
        // so they are scored first and only those that can make the first ten are described.
        // The weakest kept first: the lowest score, and of equal ones the later, as a stable sort would drop it.
        PriorityQueue<Undeclared> closest = new PriorityQueue<>(Comparator.comparingDouble(Undeclared::score)
                .thenComparing(Comparator.comparingInt(Undeclared::order).reversed()));
        int order = 0;
        for (ServiceSignal other : services.values()) {
            order++;
            if (other.service().equals(failing) || distance.containsKey(other.service()) || !other.inTrouble()
                    || other.troubleSince().isEmpty()) {
                continue;
            }
            Duration lead = Duration.between(other.troubleSince().get(), failedAt);
            if (lead.isNegative() || lead.compareTo(UNDECLARED_LEAD) > 0) {
                continue;
            }
            double closeness = 1 - (double) lead.toSeconds() / UNDECLARED_LEAD.toSeconds();
            closest.add(new Undeclared(other, lead, 0.3 + 0.25 * closeness, order));
            if (closest.size() > MOST) {
                closest.poll();
            }
        }
        List<Undeclared> kept = new ArrayList<>(closest);
        kept.sort(Comparator.comparingInt(Undeclared::order));
        for (Undeclared other : kept) {
            ServiceSignal signal = other.signal();
            causes.add(new Cause(signal.service(), "service", other.score(), "not a declared dependency,"
                    + " but in trouble since " + other.lead().toSeconds() + " s before " + failing + " failed",
                    Map.of("status", signal.status().wireName(), "troubleSince",
                            signal.troubleSince().orElseThrow().toString())));
        }
        causes.sort(Comparator.comparingDouble(Cause::score).reversed());
        return List.copyOf(causes.subList(0, Math.min(MOST, causes.size())));
    }

    /** The most causes a ranking gives. */
    private static final int MOST = 10;

    /** A service in trouble that is not a declared dependency, scored before it is described. */
    private record Undeclared(ServiceSignal signal, Duration lead, double score, int order) {
    }

    /** How much trouble a service is in: 1 down, 0.7 degraded, up to 0.6 for an unusual series of it; else 0. */
    private static double trouble(@Nullable ServiceSignal signal, String service, Instant failedAt, List<SeriesSignal> series) {
        if (signal != null && signal.status() == HealthStatus.DOWN) {
            return 1;
        }
        if (signal != null && signal.status() == HealthStatus.DEGRADED) {
            return 0.7;
        }
        return 0.6 * series.stream().filter(s -> s.service().equals(service) && !s.since().isAfter(failedAt.plus(LEAD)))
                .mapToDouble(SeriesSignal::confidence).max().orElse(0);
    }

    private static Optional<Instant> began(@Nullable ServiceSignal signal, String service, List<SeriesSignal> series) {
        Optional<Instant> unusual = series.stream().filter(s -> s.service().equals(service)).map(SeriesSignal::since)
                .min(Comparator.naturalOrder());
        if (signal != null && signal.inTrouble() && signal.troubleSince().isPresent()) {
            return unusual.filter(u -> u.isBefore(signal.troubleSince().get())).or(signal::troubleSince);
        }
        return unusual;
    }

    /** The services a service depends on, transitively, with their distance (breadth first, cycles cut). */
    private static Map<String, Integer> dependencies(String service, Map<String, ServiceSignal> services) {
        Map<String, Integer> distance = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(service));
        distance.put(service, 0);
        while (!queue.isEmpty()) {
            String current = queue.removeFirst();
            ServiceSignal signal = services.get(current);
            int here = distance.getOrDefault(current, 0);
            if (signal == null || here >= 16) {
                continue;
            }
            for (String dependency : signal.dependsOn()) {
                if (!distance.containsKey(dependency)) {
                    distance.put(dependency, here + 1);
                    queue.addLast(dependency);
                }
            }
        }
        distance.remove(service);
        return distance;
    }
}
