package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.MetricSample;
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
 * {@code failure_prediction}: how likely a service that is still up is to fail within
 * {@value #HORIZON_MINUTES} minutes, from the results of its checks ({@code service.health.status}: 1 up, 0.5
 * degraded, 0 down) and their response times. A logistic score of five signs: the share of failed checks in the
 * last {@value #RECENT_MINUTES} minutes, its rise against the hour before, flapping (the times it went down in
 * the last hour: a 0 is a check that failed its retries too), the drift of the median response time against the hour before, and the outages of the last day.
 * The weights are set by hand and measured on labelled scenarios (docs/predictions.md); a healthy service
 * scores about 0.02.
 */
final class FailurePredictor implements Predictor {

    static final int MAX_SERVICES = 10_000;
    static final int HORIZON_MINUTES = 30;
    static final int RECENT_MINUTES = 15;
    private static final int KEEP_MINUTES = 90;
    private static final int MAX_CHANGES = 1_000;
    private static final Duration LONG_OUTAGE = Duration.ofMinutes(2);

    private final SeriesTable<Service> services = new SeriesTable<>(MAX_SERVICES);

    /** One service: its checks per minute, its changes of state, its response time per minute. */
    private static final class Service {
        final ArrayDeque<double[]> minutes = new ArrayDeque<>(); // {epochMinute, checks, failed, latencySum, latencies}
        final ArrayDeque<double[]> changes = new ArrayDeque<>(); // {epochSecond, newStatus}
        double status = Double.NaN;
        @Nullable Instant downSince;
        @Nullable Instant recoveredAt;
        final Instant first;
        @Nullable Instant last;

        Service(Instant first) {
            this.first = first;
        }

        double[] minute(long epochMinute) {
            double[] current = minutes.peekLast();
            if (current == null || current[0] != epochMinute) {
                current = new double[] {epochMinute, 0, 0, 0, 0};
                minutes.addLast(current);
                while (minutes.peekFirst()[0] <= epochMinute - KEEP_MINUTES) {
                    minutes.removeFirst();
                }
            }
            return current;
        }
    }

    @Override
    public String type() {
        return PredictionTypes.FAILURE_PREDICTION;
    }

    @Override
    public void observe(MetricSample sample, Instant at) {
        String service = sample.tags().get("service");
        boolean status = sample.name().equals("service.health.status");
        boolean latency = sample.name().equals("service.response.time");
        if (service == null || (!status && !latency) || !Double.isFinite(sample.value())) {
            return;
        }
        Service s = services.get(service, () -> new Service(at));
        if (s == null) {
            return;
        }
        if (s.last != null && at.isBefore(s.last.minusSeconds(60))) {
            return;
        }
        if (s.last == null || at.isAfter(s.last)) {
            s.last = at;
        }
        double[] minute = s.minute(at.getEpochSecond() / 60);
        if (latency) {
            minute[3] += sample.value();
            minute[4]++;
            return;
        }
        minute[1]++;
        minute[2] += 1 - sample.value();
        if (!Double.isNaN(s.status) && sample.value() != s.status) {
            s.changes.addLast(new double[] {at.getEpochSecond(), sample.value()});
            if (sample.value() == 0) {
                s.downSince = at;
            } else if (s.status == 0 && s.downSince != null
                    && Duration.between(s.downSince, at).compareTo(LONG_OUTAGE) >= 0) {
                s.recoveredAt = at;
            }
        }
        s.status = sample.value();
        while (!s.changes.isEmpty() && (s.changes.size() > MAX_CHANGES
                || s.changes.peekFirst()[0] < at.getEpochSecond() - Duration.ofDays(1).toSeconds())) {
            s.changes.removeFirst();
        }
    }

    @Override
    public List<Prediction> predict(Instant now) {
        List<Prediction> predictions = new ArrayList<>();
        services.forEach((name, s) -> risk(name, s, now).ifPresent(predictions::add));
        return predictions;
    }

    /** The signs, and the probability they give. */
    record Risk(double failedRecently, double rise, int flaps, double latencyDrift, int outages, double probability) {

        static Risk of(double failedRecently, double rise, int flaps, double latencyDrift, int outages) {
            double x = -4.0 + 10 * failedRecently + 6 * Math.max(0, rise) + 0.8 * Math.min(flaps, 8)
                    + 2 * Math.min(Math.max(latencyDrift, 0), 2) + 0.3 * Math.log1p(outages);
            return new Risk(failedRecently, rise, flaps, latencyDrift, outages, 1 / (1 + Math.exp(-x)));
        }
    }

    private Optional<Prediction> risk(String name, Service s, Instant now) {
        // Down already: the failure is here, and it is an incident, not a prediction. Back from an outage: its
        // failed checks are the outage's, not signs of the next one, until they leave the recent window.
        if (s.last == null || s.status == 0 || s.last.isBefore(now.minus(Duration.ofMinutes(RECENT_MINUTES)))
                || (s.recoveredAt != null && s.recoveredAt.isAfter(s.last.minus(Duration.ofMinutes(RECENT_MINUTES))))
                || Duration.between(s.first, s.last).toMinutes() < 30) {
            return Optional.empty();
        }
        long end = s.last.getEpochSecond() / 60;
        double[] recent = sums(s, end - RECENT_MINUTES, end);
        double[] before = sums(s, end - RECENT_MINUTES - 60, end - RECENT_MINUTES);
        if (recent[0] < 3 || before[0] < 3) {
            return Optional.empty();
        }
        double failedRecently = recent[1] / recent[0];
        double rise = failedRecently - before[1] / before[0];
        double latencyDrift = recent[3] > 0 && before[3] > 0 && before[2] > 0
                ? (recent[2] / recent[3]) / (before[2] / before[3]) - 1 : 0;
        long second = s.last.getEpochSecond();
        // Flapping since the last long outage ended, if that was within the hour: what came before is its story.
        long flapsFrom = Math.max(second - 3600, s.recoveredAt == null ? 0 : s.recoveredAt.getEpochSecond());
        int flaps = (int) s.changes.stream().filter(c -> c[0] > flapsFrom && c[1] == 0).count();
        int outages = (int) s.changes.stream().filter(c -> c[1] == 0).count();
        Risk risk = Risk.of(failedRecently, rise, flaps, latencyDrift, outages);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("series", "service.health.status{service=" + name + "}");
        evidence.put("failedChecksRecently", failedRecently);
        evidence.put("failedChecksRise", rise);
        evidence.put("outagesLastHour", flaps);
        evidence.put("responseTimeDrift", latencyDrift);
        evidence.put("outagesLastDay", outages);
        evidence.put("checks", (long) recent[0]);
        evidence.put("window", "PT" + RECENT_MINUTES + "M");
        List<String> signs = new ArrayList<>();
        if (failedRecently >= 0.05) {
            signs.add(String.format(Locale.ROOT, "%.0f %% of its checks failed in the last %d minutes",
                    100 * failedRecently, RECENT_MINUTES));
        }
        if (flaps >= 2) {
            signs.add("down " + flaps + " times in the last hour");
        }
        if (latencyDrift >= 0.25) {
            signs.add(String.format(Locale.ROOT, "its response time rose by %.0f %%", 100 * latencyDrift));
        }
        if (outages > 0) {
            signs.add(outages + (outages == 1 ? " outage" : " outages") + " in the last day");
        }
        return Optional.of(new Prediction(name, PredictionTypes.FAILURE_PREDICTION,
                risk.probability() >= 0.95 ? IncidentSeverity.HIGH : IncidentSeverity.MEDIUM,
                String.format(Locale.ROOT, "%s may fail within %d minutes (%.0f %%): %s", name, HORIZON_MINUTES,
                        100 * risk.probability(), signs.isEmpty() ? "no single sign stands out" : String.join(", ", signs)),
                "Look at its recent errors and its dependencies now; prepare a restart or a failover, and hold deploys"
                        + " until it is steady again.",
                risk.probability(), evidence, Optional.of(Duration.ofMinutes(HORIZON_MINUTES)), now));
    }

    /** {checks, failed, latency sum, latencies} over the minutes in [from, to]. */
    private static double[] sums(Service s, long from, long to) {
        double[] sums = new double[4];
        for (double[] minute : s.minutes) {
            if (minute[0] > from && minute[0] <= to) {
                sums[0] += minute[1];
                sums[1] += minute[2];
                sums[2] += minute[3];
                sums[3] += minute[4];
            }
        }
        return sums;
    }
}
