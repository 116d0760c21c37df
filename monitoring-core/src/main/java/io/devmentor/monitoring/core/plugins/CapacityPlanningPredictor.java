package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.api.MetricType;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.spi.Predictor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code capacity_planning}: the time until a bounded resource is full. A resource is a pair of series with the
 * same tags, its use ({@code X.usage}, {@code X.used}) and its bound ({@code X.total}, {@code X.limit},
 * {@code X.max}): disks, memory, swap, container memory, the heap. Its use is averaged per minute over the last
 * {@value #WINDOW_HOURS} hours, and per hour over the last {@value #LONG_WINDOW_HOURS}; a Theil–Sen line through
 * those points (noise and a cleanup or two do not tilt it) gives the growth, Sen's 95 % interval of the slope
 * gives the interval of the time to full. The hours are read first when both halves of them grow alike (a fill
 * in bursts and cleanups), the minutes otherwise (they know a growth that began lately). A prediction is made
 * when the whole interval of the growth is above zero and the resource is full within the horizon.
 */
final class CapacityPlanningPredictor implements Predictor {

    static final int MAX_RESOURCES = 10_000;
    static final int WINDOW_HOURS = 6;
    static final int LONG_WINDOW_HOURS = 48;
    static final int REACH = 8;
    private static final Duration MINIMUM_SPAN = Duration.ofMinutes(30);
    private static final Duration STALE = Duration.ofMinutes(15);
    private static final int FIT_POINTS = 48;
    private static final int STEADY_HOURS = 24;
    private static final double STEADY_RATIO = 1.5;
    private static final int CYCLE_FALLS = 2;

    private final Duration horizon;
    private final SeriesTable<Resource> resources = new SeriesTable<>(MAX_RESOURCES);

    /** One bounded resource: its bound, and its use per minute. */
    private static final class Resource {
        final String service;
        final String name;
        double bound = Double.NaN;
        final ArrayDeque<double[]> minutes = new ArrayDeque<>(); // {middle, in epoch minutes; mean}
        final ArrayDeque<double[]> hours = new ArrayDeque<>(); // {middle, in epoch minutes; mean}
        long minute = -1;
        double sum;
        int count;
        long hour = -1;
        double hourSum;
        int hourCount;
        @Nullable Instant last;
        boolean reported;

        Resource(String service, String name) {
            this.service = service;
            this.name = name;
        }

        void closeMinute() {
            if (count > 0) {
                minutes.addLast(new double[] {minute + 0.5, sum / count});
                while (minutes.size() > WINDOW_HOURS * 60) {
                    minutes.removeFirst();
                }
                if (minute / 60 != hour) {
                    if (hourCount > 0) {
                        hours.addLast(new double[] {hour * 60 + 30, hourSum / hourCount});
                        while (hours.size() > LONG_WINDOW_HOURS) {
                            hours.removeFirst();
                        }
                    }
                    hour = minute / 60;
                    hourSum = 0;
                    hourCount = 0;
                }
                hourSum += sum / count;
                hourCount++;
            }
            sum = 0;
            count = 0;
        }
    }

    CapacityPlanningPredictor(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public String type() {
        return PredictionTypes.CAPACITY_PLANNING;
    }

    @Override
    public void observe(MetricSample sample, Instant at) {
        if (sample.type() != MetricType.GAUGE || !Double.isFinite(sample.value())) {
            return;
        }
        String name = sample.name();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return;
        }
        String last = name.substring(dot + 1);
        boolean use = last.equals("usage") || last.equals("used");
        boolean bound = last.equals("total") || last.equals("limit") || last.equals("max");
        if (!use && !bound) {
            return;
        }
        String base = name.substring(0, dot);
        String key = base + sample.seriesKey().substring(name.length());
        Resource resource = resources.get(key, () -> new Resource(sample.tags().getOrDefault("service", "system"), key));
        if (resource == null) {
            return;
        }
        if (bound) {
            resource.bound = sample.value();
            return;
        }
        if (resource.last != null && at.isBefore(resource.last)) {
            return;
        }
        resource.last = at;
        long minute = at.getEpochSecond() / 60;
        if (minute != resource.minute) {
            resource.closeMinute();
            resource.minute = minute;
        }
        resource.sum += sample.value();
        resource.count++;
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        resources.values().forEach(r -> fill(r, now).ifPresentOrElse(predictions::add, () -> r.reported = false));
        return predictions;
    }

    /** A trend fitted over one window, and what it says of the time to full, in minutes from now. */
    private record Fit(RobustLine line, double span, double used, double minutesToFull) {

        /** 1 when the growth's interval is a point, 0 when it is as wide as twice the growth. */
        double certainty() {
            return Math.max(0, Math.min(1, 1 - (line.slopeHigh() - line.slopeLow()) / (4 * line.slope())));
        }
    }

    /**
     * The trend over the last {@value #WINDOW_HOURS} hours (by minutes) or the last two days (by hours), where
     * the whole interval of its growth is above zero and it fills within the horizon, but no further ahead than
     * {@value #REACH} times the window it was seen over: a rise seen over an afternoon says little of next week
     * (a daily cycle is such a rise).
     */
    private Optional<Fit> trend(Resource r, double nowMinute) {
        // A fill in bursts and cleanups seen over six hours is a phase of its cycle; over two days that grow
        // alike in each half, it is the mean growth. A first day flat and a second rising is a growth that began:
        // the six hours know it.
        Optional<Fit> days = fit(r, r.hours, 60, nowMinute);
        if (days.isPresent() && steady(r.hours)) {
            return days;
        }
        Optional<Fit> recent = cycles(r.minutes) ? Optional.empty() : fit(r, r.minutes, 1, nowMinute);
        return recent.isPresent() ? recent : days;
    }

    private Optional<Fit> fit(Resource r, ArrayDeque<double[]> points, int step, double nowMinute) {
        if (points.size() < 10) {
            return Optional.empty();
        }
        double span = points.peekLast()[0] - points.peekFirst()[0] + step;
        if (span < MINIMUM_SPAN.toMinutes()) {
            return Optional.empty();
        }
        RobustLine line = RobustLine.fit(thin(points));
        if (!(line.slopeLow() > 0)) {
            return Optional.empty();
        }
        double used = Math.min(r.bound, line.at(nowMinute));
        double minutesToFull = (r.bound - used) / line.slope();
        if (minutesToFull > Math.min(horizon.toMinutes(), REACH * span)) {
            return Optional.empty();
        }
        return Optional.of(new Fit(line, span, used, minutesToFull));
    }

    /**
     * Whether a window falls back by more than a quarter of its range {@value #CYCLE_FALLS} times or more: a heap
     * collected every few minutes, a disk cleaned every few hours. A rise between two falls is a phase of that
     * cycle, not a trend (Theil–Sen takes a sawtooth's rises for one); only the days tell its trend.
     */
    private static boolean cycles(ArrayDeque<double[]> points) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] point : points) {
            low = Math.min(low, point[1]);
            high = Math.max(high, point[1]);
        }
        double fall = (high - low) / 4;
        int falls = 0;
        double previous = Double.NaN;
        for (double[] point : points) {
            if (point[1] < previous - fall) {
                falls++;
            }
            previous = point[1];
        }
        return fall > 0 && falls >= CYCLE_FALLS;
    }

    /** Whether the two halves of a day-long (or longer) window grow alike: within a factor of 1.5 of each other. */
    private static boolean steady(ArrayDeque<double[]> hours) {
        if (hours.size() < STEADY_HOURS) {
            return false;
        }
        List<double[]> all = new ArrayList<>(hours);
        double first = RobustLine.fit(all.subList(0, all.size() / 2)).slope();
        double second = RobustLine.fit(all.subList(all.size() / 2, all.size())).slope();
        return first > 0 && second > 0 && Math.max(first, second) <= STEADY_RATIO * Math.min(first, second);
    }

    private Optional<Prediction> fill(Resource r, Instant now) {
        if (!(r.bound > 0) || r.last == null || r.last.isBefore(now.minus(STALE))) {
            return Optional.empty();
        }
        Optional<Fit> trend = trend(r, now.getEpochSecond() / 60.0);
        if (trend.isEmpty()) {
            return Optional.empty();
        }
        Fit fit = trend.get();
        RobustLine line = fit.line();
        double perMinute = line.slope();
        double used = fit.used();
        double remaining = r.bound - used;
        double minutesToFull = fit.minutesToFull();
        double confidence = fit.certainty();
        if (r.reported) {
            confidence = Math.max(confidence, 0.8); // held while the whole interval still grows
        }
        r.reported = true;
        Duration toFull = Duration.ofSeconds(Math.round(minutesToFull * 60));
        Duration soonest = Duration.ofSeconds(Math.round(remaining / line.slopeHigh() * 60));
        Duration latest = Duration.ofSeconds(Math.round(remaining / line.slopeLow() * 60));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", r.name);
        evidence.put("used", used);
        evidence.put("capacity", r.bound);
        evidence.put("usedPercent", 100 * used / r.bound);
        evidence.put("growthPerHour", perMinute * 60);
        evidence.put("timeToFullSeconds", toFull.toSeconds());
        evidence.put("timeToFullLowSeconds", soonest.toSeconds());
        evidence.put("timeToFullHighSeconds", latest.toSeconds());
        evidence.put("window", "PT" + Math.round(fit.span()) + "M");
        IncidentSeverity severity = toFull.compareTo(Duration.ofHours(1)) <= 0 ? IncidentSeverity.CRITICAL
                : toFull.compareTo(Duration.ofDays(1)) <= 0 ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM;
        return Optional.of(new Prediction(r.service, PredictionTypes.CAPACITY_PLANNING, severity,
                String.format(Locale.ROOT, "%s is %.0f %% full and grows by %s an hour: full in about %s (%s to %s)",
                        r.name, 100 * used / r.bound, amount(r.name, perMinute * 60), human(toFull), human(soonest),
                        human(latest)),
                r.name.contains("filesystem") || r.name.contains("disk")
                        ? "Find what fills it (du -xh --max-depth=2 on the mount; logs without rotation, temporary"
                                + " files, old backups) and clean or rotate it, or grow the volume before then."
                        : "Find what keeps growing (a cache without a bound, a queue not drained, a leak) and bound"
                                + " it, or raise the limit before then.",
                confidence, evidence, Optional.of(toFull), now));
    }

    /** At most {@value #FIT_POINTS} points, each the mean of consecutive minutes: keeps the fit cheap. */
    private static List<double[]> thin(ArrayDeque<double[]> minutes) {
        int group = (minutes.size() + FIT_POINTS - 1) / FIT_POINTS;
        List<double[]> points = new ArrayList<>(FIT_POINTS);
        double x = 0;
        double y = 0;
        int n = 0;
        for (double[] minute : minutes) {
            x += minute[0];
            y += minute[1];
            if (++n == group) {
                points.add(new double[] {x / n, y / n});
                x = 0;
                y = 0;
                n = 0;
            }
        }
        if (n > 0) {
            points.add(new double[] {x / n, y / n});
        }
        return points;
    }

    private static String amount(String name, double value) {
        if (name.contains("percent")) {
            return String.format(Locale.ROOT, "%.1f points", value);
        }
        return Quantities.bytes(value);
    }

    static String human(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
        }
        return String.format(Locale.ROOT, "%.1f days", minutes / 1440.0);
    }
}
