package io.devmentor.monitoring.core;

import java.time.Instant;

/**
 * A streaming anomaly detector for one series: each value gets a score between 0 (as expected) and 1 (far
 * outside what the series does), in constant time and memory.
 *
 * <p>It keeps a robust level and spread (every update clipped to three spreads, so one outlier moves
 * neither), an hour-of-day profile used once two days have been seen, and an hour-of-week profile used once
 * two weeks have. The profiles learn against a slow baseline (a day's time constant), so that a level that
 * follows the values quickly does not take the daily swing away from them. A shift that lasts ({@value #SHIFT_RUN} values in a row on
 * the same side, far out) becomes the new normal: the level moves to it, and the scores fall back.
 *
 * <p>Not thread-safe: one detector per series, fed in time order.
 */
public final class AnomalyDetector {

    private static final int WARM_UP = 10;
    private static final int SHIFT_RUN = 12;
    private static final double ALPHA = 0.05;
    private static final double BETA = 0.05;
    private static final double GAMMA_DAY = 0.10;
    private static final double GAMMA_WEEK = 0.10;
    private static final double CLIP = 3;
    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;

    private final double[] day = new double[24];
    private final double[] week = new double[168];
    private long samples;
    private long firstSecond;
    private double level;
    private double baseline;
    private int profilesInUse;
    private long lastSecond;
    private double spread;
    private double expected;
    private int run;
    private int runSign;
    private double runSum;

    /** A detector that has seen nothing yet. */
    public AnomalyDetector() {
    }

    /**
     * Scores a value and learns from it.
     *
     * @param at when it was measured; values come in time order
     * @param value the value; one that is not finite scores 0 and teaches nothing
     * @return the score, 0 to 1: about 0.4 at four spreads from what was expected, 0.86 at five, 0.99 at six
     */
    public double score(Instant at, double value) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        long second = at.getEpochSecond();
        // Profiles hold a value per hour, at the middle of the hour; between two middles they are read, and
        // taught, in proportion, so that a steep daily swing is followed minute by minute, not hour by hour.
        double hours = Math.floorMod(second, WEEK) / (double) HOUR - 0.5;
        int lower = (int) Math.floor(hours);
        double weight = hours - lower;
        int dayLow = Math.floorMod(lower, 24);
        int dayHigh = Math.floorMod(lower + 1, 24);
        int weekLow = Math.floorMod(lower, 168);
        int weekHigh = Math.floorMod(lower + 1, 168);
        samples++;
        if (samples == 1) {
            firstSecond = second;
            lastSecond = second;
            level = value;
            baseline = value;
            expected = value;
            return 0;
        }
        long elapsed = Math.max(0, second - lastSecond);
        lastSecond = second;
        boolean daily = second - firstSecond >= 2 * DAY;
        boolean weekly = second - firstSecond >= 2 * WEEK;
        double dayValue = (1 - weight) * day[dayLow] + weight * day[dayHigh];
        double weekValue = (1 - weight) * week[weekLow] + weight * week[weekHigh];
        double seasonal = (daily ? dayValue : 0) + (weekly ? weekValue : 0);
        int inUse = (daily ? 1 : 0) + (weekly ? 1 : 0);
        if (inUse != profilesInUse) {
            // A profile starts to be used: the level had been carrying that swing, and gives it up at once.
            profilesInUse = inUse;
            level = baseline;
        }
        expected = level + seasonal;
        double residual = value - expected;
        // A very steady series (loopback latency) would make every small blip a certainty: a spread is never
        // taken to be under 2 % of the level.
        double floor = 1e-9 + 0.02 * Math.abs(level);
        double z = Math.abs(residual) / Math.max(spread, floor);
        double score = samples <= WARM_UP || z <= 3 ? 0 : 1 - Math.exp(-(z - 3) * (z - 3) / 2);

        if (samples > WARM_UP && z > 3 && (runSign == 0 || Math.signum(residual) == runSign)) {
            runSign = (int) Math.signum(residual);
            run++;
            runSum += residual;
            if (run >= SHIFT_RUN) {
                // A lasting shift: the new normal. Take it whole, not by clipped steps.
                level += runSum / run;
                run = 0;
                runSign = 0;
                runSum = 0;
                return score;
            }
        } else {
            run = 0;
            runSign = 0;
            runSum = 0;
        }
        double limit = samples <= WARM_UP ? Double.MAX_VALUE : CLIP * Math.max(spread, floor);
        double deseasonalized = value - seasonal;
        level += (samples <= WARM_UP ? 1.0 / samples : ALPHA) * clip(deseasonalized - level, limit);
        spread += (samples <= WARM_UP ? 1.0 / samples : BETA) * (Math.min(Math.abs(residual), limit) - spread);
        double slow = samples <= WARM_UP ? 1.0 / samples : 1 - Math.exp(-(double) elapsed / DAY);
        baseline += slow * clip(value - baseline, limit + Math.abs(dayValue) + Math.abs(weekValue));
        // The daily profile learns from the start, to be ready when it is used; the weekly one learns what the
        // daily one leaves, once that is in use.
        double swing = value - baseline;
        double dayError = GAMMA_DAY * clip(swing - (weekly ? weekValue : 0) - dayValue, limit);
        day[dayLow] += (1 - weight) * dayError;
        day[dayHigh] += weight * dayError;
        if (daily) {
            double weekError = GAMMA_WEEK * clip(swing - dayValue - weekValue, limit);
            week[weekLow] += (1 - weight) * weekError;
            week[weekHigh] += weight * weekError;
        }
        return score;
    }

    private static double clip(double value, double limit) {
        return Math.max(-limit, Math.min(limit, value));
    }

    /**
     * What the last value was expected to be.
     *
     * @return the expectation
     */
    public double expected() {
        return expected;
    }

    /**
     * The series' usual distance from what is expected, as learnt so far.
     *
     * @return the spread
     */
    public double spread() {
        return spread;
    }

    /**
     * How many values it has seen.
     *
     * @return the count
     */
    public long samples() {
        return samples;
    }

    /**
     * The series' level without its daily and weekly swings, as learnt so far.
     *
     * @return the level
     */
    public double level() {
        return level;
    }

    /**
     * What each hour of the day (UTC, 0 to 23) adds to the level, once two days have been seen.
     *
     * @return 24 offsets, or none yet
     */
    public double[] dailyProfile() {
        return lastSecond - firstSecond >= 2 * DAY ? day.clone() : new double[0];
    }

    /**
     * What each hour of the week (from Thursday 00:00 UTC, the epoch's weekday) adds on top of the daily
     * profile, once two weeks have been seen.
     *
     * @return 168 offsets, or none yet
     */
    public double[] weeklyProfile() {
        return lastSecond - firstSecond >= 2 * WEEK ? week.clone() : new double[0];
    }
}
