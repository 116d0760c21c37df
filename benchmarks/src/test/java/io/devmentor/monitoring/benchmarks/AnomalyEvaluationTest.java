package io.devmentor.monitoring.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.benchmarks.AnomalyEvaluation.Profile;
import io.devmentor.monitoring.benchmarks.AnomalyEvaluation.Result;
import io.devmentor.monitoring.benchmarks.AnomalyEvaluation.ScoredFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer against figures worked out by hand from the benchmark's published rules: one file of 1,000 rows
 * (probation: the first 150), one window over rows 500 to 599.
 */
class AnomalyEvaluationTest {

    private static final Profile STANDARD = AnomalyEvaluation.PROFILES.get(0);
    private static final Profile LOW_FP = AnomalyEvaluation.PROFILES.get(1);
    private static final Profile LOW_FN = AnomalyEvaluation.PROFILES.get(2);

    /** A file whose rows score 1 at the given indexes and 0 elsewhere. */
    private static List<ScoredFile> file(int... detections) {
        double[] scores = new double[1000];
        for (int i : detections) {
            scores[i] = 1;
        }
        return List.of(AnomalyEvaluation.rows("one.csv", scores, new boolean[scores.length],
                List.of(new int[] {500, 599, 0})));
    }

    private static double score(Profile profile, int... detections) {
        Result result = AnomalyEvaluation.best(file(detections), profile);
        return result.score();
    }

    @Test
    void neverFiringScoresZeroAndFindingTheWindowAtItsStartAHundred() {
        assertEquals(0, score(STANDARD), 1e-9);
        assertEquals(100, score(STANDARD, 500), 1e-9);
        assertEquals(100, score(STANDARD, 500, 520, 599), 1e-9, "only the first detection in a window counts");
    }

    @Test
    void aLaterDetectionIsWorthTheScaledSigmoidOfItsPlace() {
        // Row 550: position -(599 - 550 + 1) / 100 = -0.5; 2 / (1 + e^-2.5) - 1 = 0.84828, over the start's
        // 2 / (1 + e^-5) - 1 = 0.98661: 0.85980; normalised, 100 * (0.85980 + 1) / 2.
        assertEquals(92.990, score(STANDARD, 550), 1e-3);
        // Its last row: -(1 / 100): 2 / (1 + e^-0.05) - 1 = 0.02500 / 0.98661 = 0.02534.
        assertEquals(51.267, score(STANDARD, 599), 1e-3);
        assertEquals(100 * (0.85980 + 2) / 3, score(LOW_FN, 550), 1e-3, "a miss costs 2 with low false negatives");
    }

    @Test
    void falsePositivesCostTheirWeightLessTheCloserTheyFollowAWindow() {
        // Before any window: the full weight, 0.11 (0.22 with low false positives).
        assertEquals(100 * (1 - 0.11 + 1) / 2, AnomalyEvaluation.at(file(500, 300), STANDARD, 0.5).score(), 1e-9);
        assertEquals(100 * (1 - 0.22 + 1) / 2, AnomalyEvaluation.at(file(500, 300), LOW_FP, 0.5).score(), 1e-9);
        // Ten rows after the window: |599 - 609| / 99 = 0.10101, 2 / (1 + e^0.50505) - 1 = -0.24723, times 0.11.
        assertEquals(100 * (1 - 0.11 * 0.24723 + 1) / 2, AnomalyEvaluation.at(file(500, 609), STANDARD, 0.5).score(),
                1e-3);
        // Far past it (more than three widths), the full weight again.
        assertEquals(100 * (1 - 0.11 + 1) / 2, AnomalyEvaluation.at(file(500, 950), STANDARD, 0.5).score(), 1e-9);
    }

    @Test
    void probationCountsForNothingAndTheBestThresholdIsFound() {
        assertEquals(0, AnomalyEvaluation.at(file(100), STANDARD, 0.5).score(), 1e-9, "row 100 is in probation");
        double[] scores = new double[1000];
        scores[300] = 0.9; // a false positive, scoring higher than the true one
        scores[500] = 0.8;
        List<ScoredFile> files = List.of(AnomalyEvaluation.rows("two.csv", scores, new boolean[scores.length],
                List.of(new int[] {500, 599, 0})));
        Result best = AnomalyEvaluation.best(files, STANDARD);
        assertEquals(0.8, best.threshold(), "taking both beats taking neither");
        assertEquals(100 * (1 - 0.11 + 1) / 2, best.score(), 1e-9);
        assertEquals(1, best.falsePositives());
        assertEquals(1, best.detected());
    }
}
