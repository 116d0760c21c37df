package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming anomaly detector on synthetic series with known anomalies (seeded, so every run is the same). */
class AnomalyDetectorTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    @Test
    void itsDailyProfileIsLearntAfterTwoDaysAndPeaksWhereTheTrafficDoes() {
        AnomalyDetector detector = new AnomalyDetector();
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        Random random = new Random(4);
        for (int m = 0; m < 3 * 1440; m++) {
            if (m == 1440) {
                assertEquals(0, detector.dailyProfile().length, "not after one day");
            }
            // 900 a second on average, 1,300 at 15:00, 500 at 03:00.
            double value = 900 + 400 * Math.sin(2 * Math.PI * (m - 540) / 1440.0) + 20 * random.nextGaussian();
            detector.score(start.plus(Duration.ofMinutes(m)), value);
        }
        double[] day = detector.dailyProfile();
        assertEquals(24, day.length);
        int peak = 0;
        int trough = 0;
        for (int h = 0; h < 24; h++) {
            peak = day[h] > day[peak] ? h : peak;
            trough = day[h] < day[trough] ? h : trough;
        }
        assertTrue(peak >= 14 && peak <= 15, "peak at " + peak + ": " + java.util.Arrays.toString(day));
        assertTrue(trough >= 2 && trough <= 3, "trough at " + trough);
        assertTrue(day[peak] - day[trough] > 600, "a swing of about 800: " + (day[peak] - day[trough]));
        assertTrue(Math.abs(detector.level() - 900) < 100, "level " + detector.level());
        assertEquals(0, detector.weeklyProfile().length, "a week profile needs two weeks");
    }

    @Test
    void aSpikeScoresHighNoiseDoesNotAndOneOutlierMovesNothing() {
        Random random = new Random(1);
        AnomalyDetector detector = new AnomalyDetector();
        int falseAlarms = 0;
        for (int i = 0; i < 2000; i++) {
            if (detector.score(START.plusSeconds(60L * i), 100 + 5 * random.nextGaussian()) >= 0.5) {
                falseAlarms++;
            }
        }
        assertTrue(falseAlarms <= 4, "scores of 0.5 or more on plain noise: " + falseAlarms + " of 2000");
        double before = detector.expected();
        double spike = detector.score(START.plusSeconds(60L * 2000), 160);
        assertTrue(spike > 0.95, "a spike of 12 standard deviations scores " + spike);
        detector.score(START.plusSeconds(60L * 2001), 100);
        assertTrue(Math.abs(detector.expected() - before) < 2, "one outlier barely moves the level: " + before
                + " → " + detector.expected());
        assertEquals(0.0, detector.score(START.plusSeconds(60L * 2002), Double.NaN));
    }

    @Test
    void aLastingLevelShiftBecomesTheNewNormal() {
        Random random = new Random(2);
        AnomalyDetector detector = new AnomalyDetector();
        for (int i = 0; i < 500; i++) {
            detector.score(START.plusSeconds(60L * i), 100 + 2 * random.nextGaussian());
        }
        double first = detector.score(START.plusSeconds(60L * 500), 150 + 2 * random.nextGaussian());
        assertTrue(first > 0.95, "the shift is news at first: " + first);
        int quietAgainAfter = -1;
        for (int i = 501; i < 600; i++) {
            double score = detector.score(START.plusSeconds(60L * i), 150 + 2 * random.nextGaussian());
            if (score < 0.5 && quietAgainAfter < 0) {
                quietAgainAfter = i - 500;
            }
        }
        assertTrue(quietAgainAfter > 0 && quietAgainAfter <= 20, "scores fall back after " + quietAgainAfter
                + " values");
        assertEquals(150, detector.expected(), 5, "the level followed");
    }

    @Test
    void knowsTheTimeOfDaySoAPeakValueAtNightIsAnAnomaly() {
        Random random = new Random(3);
        AnomalyDetector detector = new AnomalyDetector();
        Duration step = Duration.ofMinutes(5);
        int perDay = (int) (Duration.ofDays(1).toMillis() / step.toMillis());
        int falseAlarms = 0;
        int counted = 0;
        for (int i = 0; i < 6 * perDay; i++) {
            Instant at = START.plus(step.multipliedBy(i));
            double traffic = 500 + 300 * Math.sin(2 * Math.PI * i / perDay) + 15 * random.nextGaussian();
            double score = detector.score(at, traffic);
            if (i >= 2 * perDay) {
                counted++;
                falseAlarms += score >= 0.5 ? 1 : 0;
            }
        }
        assertTrue(falseAlarms <= counted / 100, "daily swings are no anomaly once learnt: " + falseAlarms + " of "
                + counted);
        // At the trough (three quarters of the day) traffic is about 200: the daytime peak of 800 is not normal.
        int trough = 6 * perDay + 3 * perDay / 4;
        double night = detector.score(START.plus(step.multipliedBy(trough)), 800);
        assertTrue(night > 0.95, "peak traffic at the trough scores " + night);
        assertEquals(200, detector.expected(), 40, "what the trough is expected to be");
    }
}
