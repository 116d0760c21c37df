package io.devmentor.monitoring.core.intelligence;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.PatternReport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Finds recurring incidents and series that move together; pure functions over what they are given. */
public final class Patterns {

    static final int MINIMUM_INCIDENTS = 3;
    private static final int DAY_MINUTES = 24 * 60;
    private static final int WEEK_MINUTES = 7 * DAY_MINUTES;
    private static final Duration AFTER_RESTART = Duration.ofMinutes(15);
    private static final double MINIMUM_COEFFICIENT = 0.8;
    private static final int MINIMUM_POINTS = 20;

    private Patterns() {
    }

    /**
     * The recurring incidents among these: groups of one service, cause and kind of failure with at least
     * {@value #MINIMUM_INCIDENTS} incidents, each described by the strongest pattern it shows. Times of day are
     * in UTC.
     */
    public static List<PatternReport.Recurring> recurring(List<Incident> incidents) {
        Map<String, List<Incident>> groups = new LinkedHashMap<>();
        for (Incident incident : incidents) {
            groups.computeIfAbsent(incident.service() + "|" + incident.cause() + "|" + failureKind(incident),
                    k -> new ArrayList<>()).add(incident);
        }
        List<PatternReport.Recurring> found = new ArrayList<>();
        for (List<Incident> group : groups.values()) {
            if (group.size() < MINIMUM_INCIDENTS) {
                continue;
            }
            group.sort(Comparator.comparing(Incident::createdAt));
            Incident first = group.get(0);
            List<String> ids = group.stream().map(Incident::id).skip(Math.max(0, group.size() - 10L)).toList();
            String kind;
            String description;
            int[] daily = cluster(group, DAY_MINUTES, 30);
            int[] weekly = cluster(group, WEEK_MINUTES, 60);
            int afterRestart = afterRestart(group);
            if (daily[0] >= MINIMUM_INCIDENTS && 2 * daily[0] >= group.size() && days(group, daily, DAY_MINUTES, 30) >= 3) {
                kind = "daily";
                description = String.format(java.util.Locale.ROOT, "%d of its %d incidents began around %s UTC, on"
                        + " different days", daily[0], group.size(), LocalTime.ofSecondOfDay(daily[1] * 60L));
            } else if (weekly[0] >= MINIMUM_INCIDENTS && 2 * weekly[0] >= group.size()
                    && days(group, weekly, WEEK_MINUTES, 60) >= 3) {
                ZonedDateTime at = Instant.EPOCH.plus(Duration.ofMinutes(weekly[1])).atZone(ZoneOffset.UTC);
                kind = "weekly";
                description = String.format(java.util.Locale.ROOT, "%d of its %d incidents began on a %s around %s"
                        + " UTC, in different weeks", weekly[0], group.size(),
                        at.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ROOT),
                        at.toLocalTime());
            } else if (afterRestart >= MINIMUM_INCIDENTS && 2 * afterRestart >= group.size()) {
                kind = "after_restart";
                description = afterRestart + " of its " + group.size() + " incidents began within "
                        + AFTER_RESTART.toMinutes() + " minutes of a restart of the service";
            } else {
                kind = "repeated";
                description = group.size() + " incidents of the same cause in the last 30 days";
            }
            found.add(new PatternReport.Recurring(first.service(), first.cause(), failureKind(first), kind,
                    first.service() + ": " + description, group.size(), ids));
        }
        found.sort(Comparator.comparingInt(PatternReport.Recurring::incidents).reversed());
        return found;
    }

    /**
     * The largest set of incidents whose start lies within {@code halfWidth} minutes of one of them, on a
     * circle of {@code period} minutes: {count, centre in minutes}.
     */
    private static int[] cluster(List<Incident> group, int period, int halfWidth) {
        int[] best = {0, 0};
        for (Incident centre : group) {
            int c = minuteOf(centre.createdAt(), period);
            int count = 0;
            for (Incident other : group) {
                int distance = Math.abs(minuteOf(other.createdAt(), period) - c);
                if (Math.min(distance, period - distance) <= halfWidth) {
                    count++;
                }
            }
            if (count > best[0]) {
                best = new int[] {count, c};
            }
        }
        return best;
    }

    /** On how many different days (or weeks) the incidents of a cluster began. */
    private static long days(List<Incident> group, int[] cluster, int period, int halfWidth) {
        Set<Long> periods = new TreeSet<>();
        for (Incident incident : group) {
            int distance = Math.abs(minuteOf(incident.createdAt(), period) - cluster[1]);
            if (Math.min(distance, period - distance) <= halfWidth) {
                periods.add(incident.createdAt().getEpochSecond() / 60 / period);
            }
        }
        return periods.size();
    }

    private static int minuteOf(Instant at, int period) {
        return (int) Math.floorMod(at.getEpochSecond() / 60, (long) period);
    }

    /** How many incidents began within 15 minutes after a restart recorded on an earlier incident's timeline. */
    private static int afterRestart(List<Incident> group) {
        List<Instant> restarts = group.stream().flatMap(i -> i.timeline().stream())
                .filter(e -> e.kind().equals("restart")).map(TimelineEntry::at).sorted().toList();
        int count = 0;
        for (Incident incident : group) {
            Instant created = incident.createdAt();
            boolean after = restarts.stream().anyMatch(r -> r.isBefore(created)
                    && !r.plus(AFTER_RESTART).isBefore(created));
            count += after ? 1 : 0;
        }
        return count;
    }

    static String failureKind(Incident incident) {
        return incident.timeline().stream().filter(e -> e.kind().equals("analysis")).findFirst()
                .map(e -> String.valueOf(e.data().getOrDefault("failureKind", "unknown"))).orElse("unknown");
    }

    /**
     * The pairs of series whose minute-to-minute changes correlate, |r| ≥ {@value #MINIMUM_COEFFICIENT} over at
     * least {@value #MINIMUM_POINTS} minutes, strongest first, at most {@code limit}. Series of one resource (a
     * name and the same name with a suffix, such as a use and its percentage) are not compared.
     */
    public static List<PatternReport.Correlation> correlated(Map<String, double[]> minutes, int limit) {
        Map<String, double[]> changes = new LinkedHashMap<>();
        minutes.forEach((series, values) -> {
            double[] delta = new double[Math.max(0, values.length - 1)];
            for (int i = 1; i < values.length; i++) {
                delta[i - 1] = values[i] - values[i - 1];
            }
            changes.put(series, delta);
        });
        List<String> names = new ArrayList<>(changes.keySet());
        List<double[]> deltas = new ArrayList<>(changes.values());
        List<PatternReport.Correlation> found = new ArrayList<>();
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                if (sameResource(names.get(a), names.get(b))) {
                    continue;
                }
                double[] x = deltas.get(a);
                double[] y = deltas.get(b);
                int n = Math.min(x.length, y.length);
                if (n < MINIMUM_POINTS) {
                    continue;
                }
                double r = pearson(x, y, n);
                if (Math.abs(r) >= MINIMUM_COEFFICIENT) {
                    found.add(new PatternReport.Correlation(names.get(a), names.get(b),
                            Math.round(r * 1000) / 1000.0, n));
                }
            }
        }
        return found.stream().sorted(Comparator.comparingDouble((PatternReport.Correlation c) -> -Math.abs(c.coefficient())))
                .limit(limit).collect(Collectors.toList());
    }

    private static boolean sameResource(String a, String b) {
        String nameA = a.contains("{") ? a.substring(0, a.indexOf('{')) : a;
        String nameB = b.contains("{") ? b.substring(0, b.indexOf('{')) : b;
        String baseA = nameA.substring(0, Math.max(0, nameA.lastIndexOf('.')));
        String baseB = nameB.substring(0, Math.max(0, nameB.lastIndexOf('.')));
        return nameA.startsWith(nameB + ".") || nameB.startsWith(nameA + ".") || (!baseA.isEmpty() && baseA.equals(baseB)
                && a.substring(nameA.length()).equals(b.substring(nameB.length())));
    }

    /** Pearson's coefficient of the last {@code n} values of each; 0 when one of them does not move. */
    private static double pearson(double[] x, double[] y, int n) {
        int ox = x.length - n;
        int oy = y.length - n;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[ox + i];
            my += y[oy + i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[ox + i] - mx;
            double dy = y[oy + i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
