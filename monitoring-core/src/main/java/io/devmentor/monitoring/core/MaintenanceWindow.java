package io.devmentor.monitoring.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A time when some services are expected to fail: checks go on, incidents are recorded as in maintenance,
 * nothing pages. Either one-off (from {@code start} to {@code end}) or recurring (on some days of the week,
 * between two times of day in a zone; a window that ends before it starts runs past midnight).
 *
 * @param services the services it covers; empty covers every service
 * @param start the start of a one-off window
 * @param end the end of a one-off window
 * @param days the days of a recurring window
 * @param from the time of day a recurring window starts
 * @param to the time of day a recurring window ends
 * @param zone the zone of a recurring window's times
 */
public record MaintenanceWindow(Set<String> services, Optional<Instant> start, Optional<Instant> end,
        Set<DayOfWeek> days, Optional<LocalTime> from, Optional<LocalTime> to, ZoneId zone) {

    /** Validates the components: a window is one-off or recurring, never both or neither. */
    public MaintenanceWindow {
        services = Set.copyOf(services);
        days = Set.copyOf(days);
        Objects.requireNonNull(zone, "zone");
        boolean oneOff = start.isPresent() || end.isPresent();
        boolean recurring = !days.isEmpty() || from.isPresent() || to.isPresent();
        if (oneOff == recurring) {
            throw new IllegalArgumentException("a maintenance window needs either start and end, or days, from and to");
        }
        if (oneOff && (start.isEmpty() || end.isEmpty() || !end.get().isAfter(start.get()))) {
            throw new IllegalArgumentException("a one-off maintenance window needs a start before its end");
        }
        if (recurring && (days.isEmpty() || from.isEmpty() || to.isEmpty() || from.equals(to))) {
            throw new IllegalArgumentException("a recurring maintenance window needs days, and from and to that differ");
        }
    }

    /**
     * Whether the window covers a service at a time.
     *
     * @param service the service's name
     * @param at the time
     * @return true when the service is in maintenance then
     */
    public boolean covers(String service, Instant at) {
        if (!services.isEmpty() && !services.contains(service)) {
            return false;
        }
        if (start.isPresent()) {
            return !at.isBefore(start.get()) && at.isBefore(end.get());
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalTime begin = from.orElseThrow();
        LocalTime finish = to.orElseThrow();
        if (begin.isBefore(finish)) {
            return days.contains(local.getDayOfWeek()) && !time.isBefore(begin) && time.isBefore(finish);
        }
        // Past midnight: the part after midnight belongs to the day the window started.
        return (days.contains(local.getDayOfWeek()) && !time.isBefore(begin))
                || (days.contains(local.getDayOfWeek().minus(1)) && time.isBefore(finish));
    }
}
