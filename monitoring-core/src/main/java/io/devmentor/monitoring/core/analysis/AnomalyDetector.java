package io.devmentor.monitoring.core.analysis;

import java.time.Instant;

/**
 * A streaming anomaly detector for one series: each value gets a calibrated score between 0 and 1, in constant
 * time and memory. A score of 0.99 means the series' recent surprise is rarer than 99 % of what it has been
 * lately; from {@link #detectionLevel()} on, one in a week's worth of values, it is a detection.
 *
 * <p>Three stages, one way:
 * <ol>
 * <li>A model of what to expect: a robust level and spread (every update clipped to three spreads, so one
 * outlier moves neither), an hour-of-day profile used once two days have been seen and an hour-of-week profile
 * used once two weeks have; the profiles learn against a slow baseline, so that a level that follows the values
 * quickly does not take the daily swing away from them. What is left carries over from one value to the next
 * by its autocorrelation, learnt slowly. A shift that lasts ({@value #SHIFT_RUN} values in a row far out on the
 * same side) becomes the new normal at once.
 * <li>A raw surprise, {@code z / (z + 3)} for a value {@code z} spreads from what was expected, averaged over the
 * last {@value #SMOOTHING} values; its mean and variance over about the last {@value #HORIZON} values give the
 * likelihood: the normal distribution function of how far the current average is above them, as Numenta's
 * anomaly likelihood does. A value beyond everything the series has done (past its extremes by more than
 * {@value #NOVELTY_TOLERANCE} of their range, once it has been seen for a day) scores 1.
 * <li>News once: after a detection, the values that continue it score at most {@value #EPISODE_CAP}, until
 * {@value #EPISODE_END} values in a row are less surprising than that.
 * </ol>
 * Nothing scores above 0 before the detector has seen {@value #LEARNING} values over at least an hour.
 *
 * <p>The constants were chosen by {@code AnomalyEvaluation} on the development part of the Numenta Anomaly
 * Benchmark (see {@code docs/benchmarks.md}), not on the data the detector is accepted on.
 *
 * <p>Not thread-safe: one detector per series, fed in time order.
 */
public final class AnomalyDetector {

    /** The time in which ordinary values should bring at most one detection. */
    static final long DETECTION_PERIOD_SECONDS = 7 * 24 * 3600;
    static final int LEARNING = 150;
    static final long LEARNING_SECONDS = 3600;
    static final int SMOOTHING = 20;
    static final int HORIZON = 2000;
    static final double NOVELTY_TOLERANCE = 0.05;
    /** Extremes are news once a day has been seen: before, a daily cycle would set new ones itself. */
    static final long NOVELTY_AFTER = 86_400;
    static final double EPISODE_CAP = 0.99;
    public static final int EPISODE_END = 50;
    private static final int WARM_UP = 10;
    private static final int SHIFT_RUN = 12;
    private static final double ALPHA = 0.05;
    private static final double BETA = 0.05;
    private static final double GAMMA_DAY = 0.10;
    private static final double GAMMA_WEEK = 0.10;
    private static final double CLIP = 3;
    /** The autocorrelation is learnt over about a thousand values: slowly, so that one episode does not sway it. */
    private static final double AUTOCORRELATION_RATE = 0.001;
    /** A surprise average steadier than this is not taken as a distribution so narrow that any change is news. */
    private static final double MIN_SURPRISE_DEVIATION = 0.02;
    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;

    private final float[] day = new float[24];
    private final float[] week = new float[168];
    private final float[] surprises = new float[SMOOTHING];
    private long samples;
    private long firstSecond;
    private long lastSecond;
    private double level;
    private double baseline;
    private int profilesInUse;
    private double spread;
    private double expected;
    private double usual;
    private int run;
    private int runSign;
    private double runSum;
    private double lastDeviation;
    private double lastDeviationsProduct;
    private double lastDeviationSquares;
    private double lowest;
    private double highest;
    private double surpriseSum;
    private double surpriseMean;
    private double surpriseVariance;
    private double interval;
    private int episodeLeft;
    private double score;
    private boolean novel;

    /** A detector that has seen nothing yet. */
    public AnomalyDetector() {
    }

    /**
     * Scores a value and learns from it.
     *
     * @param at when it was measured; values come in time order
     * @param value the value; one that is not finite scores 0 and teaches nothing
     * @return the calibrated score, 0 to 1; {@link #detectionLevel()} or more is a detection
     */
    public double score(Instant at, double value) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        long second = at.getEpochSecond();
        samples++;
        if (samples == 1) {
            firstSecond = second;
            lastSecond = second;
            level = value;
            baseline = value;
            expected = value;
            usual = value;
            lowest = value;
            highest = value;
            return 0;
        }
        double z = model(second, value);
        double range = highest - lowest;
        novel = range > 0 && second - firstSecond >= NOVELTY_AFTER
                && (value > highest + NOVELTY_TOLERANCE * range || value < lowest - NOVELTY_TOLERANCE * range);
        lowest = Math.min(lowest, value);
        highest = Math.max(highest, value);
        double likelihood = likelihood(z / (z + 3));
        if (!ready()) {
            novel = false;
            score = 0;
            return score;
        }
        double raw = novel ? 1.0 : likelihood;
        if (episodeLeft > 0) {
            episodeLeft = raw >= EPISODE_CAP ? EPISODE_END : episodeLeft - 1;
            score = Math.min(raw, EPISODE_CAP);
        } else {
            episodeLeft = raw >= detectionLevel() ? EPISODE_END : 0;
            score = raw;
        }
        return score;
    }

    /**
     * Learns from a value and says how far it was from what was expected.
     *
     * @return the distance from the expectation, in spreads
     */
    private double model(long second, double value) {
        // Profiles hold a value per hour, at the middle of the hour; between two middles they are read, and
        // taught, in proportion, so that a steep daily swing is followed minute by minute, not hour by hour.
        double hours = Math.floorMod(second, WEEK) / (double) HOUR - 0.5;
        int lower = (int) Math.floor(hours);
        double weight = hours - lower;
        int dayLow = Math.floorMod(lower, 24);
        int dayHigh = Math.floorMod(lower + 1, 24);
        int weekLow = Math.floorMod(lower, 168);
        int weekHigh = Math.floorMod(lower + 1, 168);
        long elapsed = Math.max(0, second - lastSecond);
        lastSecond = second;
        // The usual time between values, a gap of more than ten of them taken as ten.
        interval = samples == 2 ? elapsed : interval + 0.01 * (Math.min(elapsed, 10 * interval) - interval);
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
        // A very steady series (loopback latency) would make every small blip a certainty: a spread is never
        // taken to be under 2 % of the level.
        double floor = 1e-9 + 0.02 * Math.abs(level);
        // What is left after level and season carries over from one value to the next in most real series (a
        // busy hour stays busy): the expectation takes that part of the last one, by their autocorrelation.
        double seasonalLevel = level + seasonal;
        double carried = lastDeviationsProduct > 0 && lastDeviationSquares > 0
                ? Math.min(0.95, lastDeviationsProduct / lastDeviationSquares) : 0;
        usual = seasonalLevel;
        expected = seasonalLevel + carried * lastDeviation;
        double residual = value - expected;
        double deviation = value - seasonalLevel;
        if (samples > WARM_UP) {
            double bound = CLIP * Math.max(spread, floor);
            double now = clip(deviation, bound);
            double before = clip(lastDeviation, bound);
            lastDeviationsProduct += AUTOCORRELATION_RATE * (now * before - lastDeviationsProduct);
            lastDeviationSquares += AUTOCORRELATION_RATE * (before * before - lastDeviationSquares);
        }
        lastDeviation = deviation;
        double z = Math.abs(residual) / Math.max(spread, floor);
        boolean warm = samples > WARM_UP;
        if (warm && z > 3 && (runSign == 0 || Math.signum(residual) == runSign)) {
            runSign = (int) Math.signum(residual);
            run++;
            runSum += residual;
            if (run >= SHIFT_RUN) {
                // A lasting shift: the new normal. Take it whole, not by clipped steps.
                level += runSum / run;
                run = 0;
                runSign = 0;
                runSum = 0;
                return z;
            }
        } else {
            run = 0;
            runSign = 0;
            runSum = 0;
        }
        double limit = warm ? CLIP * Math.max(spread, floor) : Double.MAX_VALUE;
        double deseasonalized = value - seasonal;
        level += (warm ? ALPHA : 1.0 / samples) * clip(deseasonalized - level, limit);
        spread += (warm ? BETA : 1.0 / samples) * (Math.min(Math.abs(residual), limit) - spread);
        double slow = warm ? 1 - Math.exp(-(double) elapsed / DAY) : 1.0 / samples;
        baseline += slow * clip(value - baseline, limit + Math.abs(dayValue) + Math.abs(weekValue));
        // The daily profile learns from the start, to be ready when it is used; the weekly one learns what the
        // daily one leaves, once that is in use.
        double swing = value - baseline;
        double dayError = GAMMA_DAY * clip(swing - (weekly ? weekValue : 0) - dayValue, limit);
        day[dayLow] += (float) ((1 - weight) * dayError);
        day[dayHigh] += (float) (weight * dayError);
        if (daily) {
            double weekError = GAMMA_WEEK * clip(swing - dayValue - weekValue, limit);
            week[weekLow] += (float) ((1 - weight) * weekError);
            week[weekHigh] += (float) (weight * weekError);
        }
        return z;
    }

    /** Learns a raw surprise and gives the likelihood of the recent average of them. */
    private double likelihood(double surprise) {
        int slot = (int) (samples % SMOOTHING);
        surpriseSum += surprise - surprises[slot];
        surprises[slot] = (float) surprise;
        double average = surpriseSum / Math.min(samples - 1, SMOOTHING);
        double rate = 1.0 / Math.min(samples - 1, HORIZON);
        double deviation = average - surpriseMean;
        surpriseMean += rate * deviation;
        surpriseVariance = (1 - rate) * (surpriseVariance + rate * deviation * deviation);
        return normal((average - surpriseMean) / Math.max(Math.sqrt(surpriseVariance), MIN_SURPRISE_DEVIATION));
    }

    /** The standard normal distribution function, by the complementary error function (error under 1.2e-7). */
    static double normal(double x) {
        double y = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * y);
        double erfc = t * Math.exp(-y * y - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628288 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
    }

    private static double clip(double value, double limit) {
        return Math.max(-limit, Math.min(limit, value));
    }

    /**
     * The score at and above which a value is a detection: {@code 1 - interval / week}, for the series' usual
     * interval between values, so that its ordinary values, rarer than that in their share, bring about one a
     * week at most, whether it is sampled every 5 s or every 5 minutes (where it is 0.9995, the operating point
     * that scored best on the development corpus). Between 0.99 and 0.999999.
     *
     * @return the detection level
     */
    public double detectionLevel() {
        return Math.max(0.99, Math.min(0.999_999, 1 - Math.max(interval, 0) / DETECTION_PERIOD_SECONDS));
    }

    /**
     * The last value's score, as {@link #score} gave it.
     *
     * @return the score
     */
    public double lastScore() {
        return score;
    }

    /**
     * Whether the last value was beyond all the series' extremes (by {@value #NOVELTY_TOLERANCE} of their range,
     * once a day has been seen), and so scored 1.
     *
     * @return whether it was higher or lower than ever seen
     */
    public boolean beyondExtremes() {
        return novel;
    }

    /**
     * Whether the series is in an anomaly that was detected and has not been over for long: from a detection
     * until {@value #EPISODE_END} values in a row are ordinary again.
     *
     * @return whether an episode goes on
     */
    public boolean inEpisode() {
        return episodeLeft > 0;
    }

    /**
     * Whether it has seen enough of the series to score it: {@value #LEARNING} values over at least an hour.
     *
     * @return whether scores can be above 0
     */
    public boolean ready() {
        return samples >= LEARNING && lastSecond - firstSecond >= LEARNING_SECONDS;
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
     * What the series usually is at the last value's time: its level and seasons, without what the values just
     * before carried over into {@link #expected()}.
     *
     * @return the usual value
     */
    public double usual() {
        return usual;
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
     * The lowest and highest values seen.
     *
     * @return {@code [lowest, highest]}, or none before the first value
     */
    public double[] extremes() {
        return samples == 0 ? new double[0] : new double[] {lowest, highest};
    }

    /**
     * What each hour of the day (UTC, 0 to 23) adds to the level, once two days have been seen.
     *
     * @return 24 offsets, or none yet
     */
    public double[] dailyProfile() {
        return lastSecond - firstSecond >= 2 * DAY ? widened(day) : new double[0];
    }

    /**
     * What each hour of the week (from Thursday 00:00 UTC, the epoch's weekday) adds on top of the daily
     * profile, once two weeks have been seen.
     *
     * @return 168 offsets, or none yet
     */
    public double[] weeklyProfile() {
        return lastSecond - firstSecond >= 2 * WEEK ? widened(week) : new double[0];
    }

    private static double[] widened(float[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i];
        }
        return copy;
    }
}
