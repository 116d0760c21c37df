package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Push;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.PushReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A push monitor, as cron jobs and batch work are watched (Uptime Kuma's push, Gatus' external endpoints): the
 * service reports of itself, and is DOWN when its last report said so, or when none came within its
 * {@code settings.period} (how often it reports, in milliseconds; the service's interval by default) plus
 * {@code settings.grace} (milliseconds; half the period by default). Before a first report it is unknown, until
 * that is overdue too. The service's interval is how often this is looked at: silence is seen within one
 * interval of becoming overdue, so a nightly job has a period of a day and an interval of minutes.
 */
final class PushChecker implements HealthChecker, PushReceiver {

    private final Clock clock;
    private final Instant started;
    /** The last report of each service, by name: one entry per push service, replaced by the next. */
    private final Map<String, Push> last = new ConcurrentHashMap<>();

    PushChecker(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public void received(ServiceDefinition service, Push push) {
        last.put(service.name(), push);
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Instant now = clock.instant();
        Duration period;
        Duration grace;
        try {
            period = millis(service, "period").orElse(service.interval());
            grace = millis(service, "grace").orElse(period.dividedBy(2));
        } catch (IllegalArgumentException e) {
            return done(CheckResult.down(now, Duration.ZERO, String.valueOf(e.getMessage())));
        }
        Duration due = period.plus(grace);
        Push push = last.get(service.name());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expectedEveryMs", period.toMillis());
        details.put("graceMs", grace.toMillis());
        if (push == null) {
            Instant deadline = started.plus(due);
            details.put("dueBy", deadline.toString());
            return done(now.isAfter(deadline)
                    ? CheckResult.down(now, Duration.ZERO, "no push since the start " + seconds(Duration.between(
                            started, now)) + " ago (expected every " + seconds(period) + ", grace "
                            + seconds(grace) + ")").withDetails(details)
                    : new CheckResult(HealthStatus.UNKNOWN, now, Duration.ZERO, "waiting for a first push, due by "
                            + deadline, details));
        }
        Duration age = Duration.between(push.at(), now);
        details.put("lastPushAt", push.at().toString());
        details.put("lastPushStatus", push.status().wireName());
        details.put("lastPushMessage", push.message());
        Duration latency = push.ping().orElse(Duration.ZERO);
        if (age.compareTo(due) > 0) {
            return done(CheckResult.down(now, latency, "no push for " + seconds(age) + " (expected every "
                    + seconds(period) + ", grace " + seconds(grace) + ")").withDetails(details));
        }
        String said = push.message().isEmpty() ? "" : ": " + push.message();
        return done(push.status() == HealthStatus.DOWN
                ? CheckResult.down(now, latency, "pushed down" + said).withDetails(details)
                : CheckResult.up(now, latency, "pushed up " + seconds(age) + " ago" + said).withDetails(details));
    }

    private static java.util.Optional<Duration> millis(ServiceDefinition service, String setting) {
        String value = service.settings().get(setting);
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return java.util.Optional.of(Duration.ofMillis(millis));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("settings." + setting + " must be milliseconds, was '" + value + "'");
    }

    private static CompletionStage<CheckResult> done(CheckResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() >= 10_000 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
