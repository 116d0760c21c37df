package io.devmentor.monitoring.core.history;

import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.HistoryPoint;
import io.devmentor.monitoring.api.MetricSample;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.core.Uptime;
import io.devmentor.monitoring.core.pipeline.Checked;
import io.devmentor.monitoring.core.pipeline.SampleObserver;
import io.devmentor.monitoring.spi.MetricHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where samples go once taken, checks' and collectors' alike: the predictors see them first, then the history
 * store keeps them. A failing store is logged and never stops a check or a round.
 */
public final class MetricHistory implements SampleObserver {

    private static final Logger log = LoggerFactory.getLogger(MetricHistory.class);
    private static final int MAX_SERIES = 10_000;
    static final String RESPONSE_TIME = "service.response.time";
    static final String HEALTH = "service.health.status";

    private final MetricHistoryStore store;
    private final SampleObserver predictors;
    private final Set<String> series = ConcurrentHashMap.newKeySet();

    public MetricHistory(MetricHistoryStore store, SampleObserver predictors) {
        this.store = store;
        this.predictors = predictors;
    }

    /** The check pipeline's stage: the response time and health of this instance's own checks. */
    public void checked(Checked checked) {
        if (!checked.ownCheck()) {
            return;
        }
        ServiceState state = checked.state();
        state.lastResult().ifPresent(result -> {
            Map<String, String> tags = Map.of("service", state.name());
            List<MetricSample> samples = new ArrayList<>(2);
            // A check that found the service down has no response time of the service's (a refused connection
            // answers in a millisecond): its minute has a gap, and uptime counts it as down (see uptime).
            if (result.status() != HealthStatus.DOWN) {
                samples.add(MetricSample.gauge(RESPONSE_TIME, result.latency().toNanos() / 1e9, tags)
                        .withBaseUnit("seconds"));
            }
            samples.add(MetricSample.gauge(HEALTH, state.statusValue(), tags));
            observe(samples, result.checkedAt());
        });
    }

    @Override
    public void observe(List<MetricSample> samples, Instant at) {
        predictors.observe(samples, at);
        try {
            store.append(samples, at);
            if (series.size() < MAX_SERIES) {
                for (MetricSample sample : samples) {
                    series.add(sample.seriesKey());
                }
            }
        } catch (Exception e) {
            log.warn("metric history not stored: {}", e.toString());
        }
    }

    /**
     * The share of a service's checks that were not DOWN over the last day, week and month: the checks that
     * recorded a response time over those that recorded a health, read once in hours and summed for each window.
     * Empty for a window without checks.
     */
    public Uptime uptime(String service, Instant now) {
        int hours = 30 * 24;
        Instant from = now.minus(Duration.ofHours(hours));
        long[] checks = counts(key(HEALTH, service), from, now, Duration.ofHours(1), hours);
        long[] up = counts(key(RESPONSE_TIME, service), from, now, Duration.ofHours(1), hours);
        return new Uptime(service, share(checks, up, hours - 24, hours), share(checks, up, hours - 7 * 24, hours),
                share(checks, up, 0, hours));
    }

    /**
     * A service's uptime on each of the last {@code days} days (UTC), the oldest first, today's so far: empty for
     * a day without checks in the history.
     */
    public List<Optional<Double>> dailyUptime(String service, Instant now, int days) {
        Instant from = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        Instant to = from.plus(Duration.ofDays(days));
        long[] checks = counts(key(HEALTH, service), from, to, Duration.ofDays(1), days);
        long[] up = counts(key(RESPONSE_TIME, service), from, to, Duration.ofDays(1), days);
        List<Optional<Double>> uptime = new ArrayList<>(days);
        for (int day = 0; day < days; day++) {
            uptime.add(share(checks, up, day, day + 1));
        }
        return uptime;
    }

    private static String key(String series, String service) {
        return MetricSample.gauge(series, 0, Map.of("service", service)).seriesKey();
    }

    /** Up checks over all checks in steps {@code [first, end)}; empty without checks. */
    private static Optional<Double> share(long[] checks, long[] up, int first, int end) {
        long all = 0;
        long fine = 0;
        for (int i = first; i < end; i++) {
            all += checks[i];
            fine += up[i];
        }
        return all == 0 ? Optional.empty() : Optional.of(Math.min(1.0, (double) fine / all));
    }

    /** A series' sample counts in {@code steps} steps of {@code step} from {@code from}. */
    private long[] counts(String key, Instant from, Instant to, Duration step, int steps) {
        long[] counts = new long[steps];
        for (HistoryPoint point : query(key, from, to, step)) {
            long index = Duration.between(from, point.start()).toMillis() / step.toMillis();
            if (index >= 0 && index < steps) {
                counts[(int) index] += point.count();
            }
        }
        return counts;
    }

    public List<HistoryPoint> query(String key, Instant from, Instant to, Duration step) {
        try {
            return store.query(key, from, to, step);
        } catch (Exception e) {
            throw new IllegalStateException("the history store cannot be read: " + e.getMessage(), e);
        }
    }

    /** The series kept, up to {@value #MAX_SERIES}, sorted. */
    public List<String> series() {
        return series.stream().sorted().toList();
    }

    /**
     * The minute means of the last hour of at most {@code limit} series (a service's and the host's when a service
     * is given), each with 40 minutes at least, gaps filled with the minute before and leading gaps dropped.
     */
    public Map<String, double[]> lastHourByMinute(Optional<String> service, Instant now, int limit) {
        Map<String, double[]> minutes = new LinkedHashMap<>();
        Instant hourAgo = now.minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        for (String key : series()) {
            if (minutes.size() >= limit) {
                break;
            }
            boolean mine = service.map(s -> key.contains("service=" + s + ",") || key.contains("service=" + s + "}")
                    || !key.contains("service=")).orElse(true);
            if (!mine) {
                continue;
            }
            try {
                double[] values = new double[60];
                Arrays.fill(values, Double.NaN);
                int present = 0;
                for (HistoryPoint point : store.query(key, hourAgo, now, Duration.ofMinutes(1))) {
                    int index = (int) Duration.between(hourAgo, point.start()).toMinutes();
                    if (index >= 0 && index < 60 && point.count() > 0) {
                        values[index] = point.avg();
                        present++;
                    }
                }
                if (present >= 40) {
                    for (int i = 1; i < values.length; i++) {
                        values[i] = Double.isNaN(values[i]) ? values[i - 1] : values[i];
                    }
                    int first = 0;
                    while (Double.isNaN(values[first])) {
                        first++;
                    }
                    minutes.put(key, Arrays.copyOfRange(values, first, values.length));
                }
            } catch (Exception e) {
                log.debug("history of {} not read for patterns: {}", key, e.toString());
            }
        }
        return minutes;
    }
}
