package io.devmentor.monitoring.core.plugins;

import java.util.Arrays;
import java.util.List;

/**
 * A Theil–Sen line through points {@code {x, y}}: the median of the slopes between every two points, so that
 * a few odd points do not tilt it, with Sen's rank interval for the slope. Quadratic in the points: callers
 * keep them to a few dozen.
 *
 * @param slope the median pairwise slope
 * @param intercept the median of {@code y - slope * x}
 * @param slopeLow the lower end of the slope's 95 % interval
 * @param slopeHigh the upper end of the slope's 95 % interval
 * @param scatter 1.4826 median absolute deviations of the points from the line: a robust standard deviation
 */
record RobustLine(double slope, double intercept, double slopeLow, double slopeHigh, double scatter) {

    /**
     * Fits the line.
     *
     * @param points at least two points {@code {x, y}}
     * @return the line
     */
    static RobustLine fit(List<double[]> points) {
        int n = points.size();
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = points.get(j)[0] - points.get(i)[0];
                if (dx != 0) {
                    slopes[count++] = (points.get(j)[1] - points.get(i)[1]) / dx;
                }
            }
        }
        if (count == 0) {
            double level = median(points.stream().mapToDouble(p -> p[1]).toArray());
            return new RobustLine(0, level, 0, 0, 0);
        }
        double[] sorted = Arrays.copyOf(slopes, count);
        Arrays.sort(sorted);
        double slope = medianOfSorted(sorted);
        // Sen (1968): the interval's ends are the slopes ranked (N ∓ C) / 2, C = z · sd of Kendall's S.
        double c = 1.96 * Math.sqrt(n * (n - 1.0) * (2 * n + 5) / 18);
        int low = (int) Math.max(0, Math.floor((count - c) / 2));
        int high = (int) Math.min(count - 1, Math.ceil((count + c) / 2));
        double[] offsets = points.stream().mapToDouble(p -> p[1] - slope * p[0]).toArray();
        double intercept = median(offsets);
        double[] deviations = Arrays.stream(offsets).map(o -> Math.abs(o - intercept)).toArray();
        return new RobustLine(slope, intercept, sorted[low], sorted[high], 1.4826 * median(deviations));
    }

    /**
     * The line's value at a point.
     *
     * @param x where to read it
     * @return the value
     */
    double at(double x) {
        return intercept + slope * x;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return medianOfSorted(sorted);
    }

    private static double medianOfSorted(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
