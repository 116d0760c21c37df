package io.devmentor.monitoring.benchmarks;

import io.devmentor.monitoring.api.FailureKinds;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.core.analysis.RootCauses;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Evaluates the root-cause ranking over generated incidents (seeded: every run is the same). Each case is a
 * fleet of 30 services in five layers, each depending on one to three services of the layers below; a fault
 * is put somewhere, spreads to the services that depend on it after delays like those of real checks (each
 * detects on its own interval of 10 to 60 seconds, times its retries), and one affected service's incident is
 * analysed at the moment it is detected and again a minute after the last detection. The top cause is right
 * when it names the service where the fault was put.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.RootCauseEvaluation</pre>
 */
public final class RootCauseEvaluation {

    private static final Instant T0 = Instant.parse("2026-11-02T12:00:00Z");
    private static final int CASES = 1_000;

    private RootCauseEvaluation() {
    }

    /** The kinds of cases. */
    enum Kind {
        /** A dependency goes down; its dependents fail after it, some detected first. */
        DEPENDENCY_DOWN,
        /** A dependency only slows down (an unusual response time), and its dependents time out. */
        DEPENDENCY_SLOW,
        /** A dependency goes down while a service it has nothing to do with fails first and the host's CPU is unusual. */
        DEPENDENCY_WITH_DISTRACTIONS,
        /** The service fails on its own, nothing it depends on in trouble. */
        SELF,
        /** A service it depends on without declaring it fails first. */
        UNDECLARED_DEPENDENCY
    }

    /**
     * Runs every kind of case and prints the top-1 accuracy.
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.printf("%-30s %8s %22s %22s%n", "case", "cases", "top-1 at detection", "top-1 a minute later");
        for (Kind kind : Kind.values()) {
            Random random = new Random(kind.name().hashCode());
            int rightAtOnce = 0;
            int rightLater = 0;
            for (int i = 0; i < CASES; i++) {
                boolean[] right = evaluate(kind, random);
                rightAtOnce += right[0] ? 1 : 0;
                rightLater += right[1] ? 1 : 0;
            }
            System.out.printf("%-30s %8d %21.1f%% %21.1f%%%n", kind.name().toLowerCase(java.util.Locale.ROOT), CASES,
                    100.0 * rightAtOnce / CASES, 100.0 * rightLater / CASES);
        }
    }

    /** One case: {right at detection, right a minute after the last detection}. */
    static boolean[] evaluate(Kind kind, Random random) {
        int layers = 5;
        int perLayer = 6;
        List<List<String>> dependencies = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            for (int s = 0; s < perLayer; s++) {
                List<String> deps = new ArrayList<>();
                if (layer < layers - 1) {
                    int count = 1 + random.nextInt(3);
                    while (deps.size() < count) {
                        String d = name((layer + 1) * perLayer + random.nextInt(perLayer));
                        if (!deps.contains(d)) {
                            deps.add(d);
                        }
                    }
                }
                dependencies.add(deps);
            }
        }
        int n = layers * perLayer;
        // The fault: in layers 1 to 4 (something depends on it), or for SELF anywhere above the bottom.
        int fault = perLayer + random.nextInt((layers - 1) * perLayer);
        List<Integer> affected = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (s != fault && dependsOn(s, fault, dependencies)) {
                affected.add(s);
            }
        }
        if (affected.isEmpty() && kind != Kind.SELF) {
            return evaluate(kind, random);
        }
        Instant[] detected = new Instant[n];
        boolean rootDown = kind != Kind.DEPENDENCY_SLOW && kind != Kind.SELF;
        if (rootDown || kind == Kind.SELF) {
            detected[fault] = T0.plus(detection(random));
        }
        for (int s : affected) {
            if (kind != Kind.SELF) {
                detected[s] = T0.plus(detection(random)).plusSeconds(random.nextInt(5));
            }
        }
        int analysed;
        String truth;
        List<List<String>> declared = dependencies;
        if (kind == Kind.SELF) {
            analysed = fault;
            truth = name(fault);
        } else {
            analysed = affected.get(random.nextInt(affected.size()));
            truth = name(fault);
            if (kind == Kind.UNDECLARED_DEPENDENCY) {
                // The analysed service's dependency on the fault is not declared: it only shows in time.
                declared = new ArrayList<>(dependencies);
                for (int s : affected) {
                    declared.set(s, dependencies.get(s).stream().filter(d -> !d.equals(name(fault))
                            && !d.equals("x")).toList());
                }
                for (int s : affected) {
                    if (s != analysed) {
                        detected[s] = null; // only the analysed one follows it, by a hidden dependency
                    }
                }
                detected[analysed] = detected[fault].plusSeconds(5 + random.nextInt(60));
            }
        }
        int unrelated = -1;
        if (kind == Kind.DEPENDENCY_WITH_DISTRACTIONS) {
            for (int s = 0; s < n && unrelated < 0; s++) {
                if (s != fault && s != analysed && !affected.contains(s) && !dependsOn(analysed, s, dependencies)) {
                    unrelated = s;
                }
            }
            if (unrelated >= 0) {
                detected[unrelated] = T0.minusSeconds(30 + random.nextInt(120));
            }
        }
        Instant failedAt = detected[analysed];
        Instant lastDetection = java.util.Arrays.stream(detected).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(failedAt);
        String kindOfFailure = kind == Kind.SELF ? (random.nextBoolean() ? FailureKinds.CONNECTION_REFUSED
                : FailureKinds.HTTP_5XX) : FailureKinds.TIMEOUT;
        List<RootCauses.SeriesSignal> series = new ArrayList<>();
        if (kind == Kind.DEPENDENCY_SLOW) {
            series.add(new RootCauses.SeriesSignal(name(fault), "service.response.time{service=" + name(fault) + "}",
                    "performance_degradation", 0.85 + 0.1 * random.nextDouble(), T0.minusSeconds(60)));
        }
        if (kind == Kind.DEPENDENCY_WITH_DISTRACTIONS) {
            series.add(new RootCauses.SeriesSignal("system", "system.cpu.usage.percent", "anomaly_detection",
                    0.8 + 0.2 * random.nextDouble(), T0.minusSeconds(random.nextInt(600))));
        }
        boolean atOnce = top(analysed, failedAt, failedAt, detected, declared, series, kindOfFailure).equals(truth);
        boolean later = top(analysed, failedAt, lastDetection.plusSeconds(60), detected, declared, series,
                kindOfFailure).equals(truth);
        return new boolean[] {atOnce, later};
    }

    /** The top cause, with what is known at {@code now}: the services detected by then are DOWN. */
    private static String top(int analysed, Instant failedAt, Instant now, Instant[] detected,
            List<List<String>> dependencies, List<RootCauses.SeriesSignal> series, String kindOfFailure) {
        Map<String, RootCauses.ServiceSignal> signals = new LinkedHashMap<>();
        for (int s = 0; s < detected.length; s++) {
            boolean down = detected[s] != null && !detected[s].isAfter(now);
            signals.put(name(s), new RootCauses.ServiceSignal(name(s), dependencies.get(s),
                    down ? HealthStatus.DOWN : HealthStatus.UP, down ? Optional.of(detected[s]) : Optional.empty(),
                    down ? (s == analysed ? kindOfFailure : FailureKinds.TIMEOUT) : FailureKinds.UNKNOWN));
        }
        List<RootCauses.SeriesSignal> known = series.stream().filter(s -> !s.since().isAfter(now)).toList();
        return RootCauses.rank(name(analysed), failedAt, signals, known).get(0).service();
    }

    /** When a check detects a failure that began at T0: within its interval, plus two retries. */
    private static Duration detection(Random random) {
        int interval = 10 + random.nextInt(51);
        return Duration.ofMillis((long) (random.nextDouble() * interval * 1000) + 2 * 1500);
    }

    private static boolean dependsOn(int service, int target, List<List<String>> dependencies) {
        for (String d : dependencies.get(service)) {
            int index = Integer.parseInt(d.substring(1));
            if (index == target || dependsOn(index, target, dependencies)) {
                return true;
            }
        }
        return false;
    }

    private static String name(int index) {
        return "s" + index;
    }
}
