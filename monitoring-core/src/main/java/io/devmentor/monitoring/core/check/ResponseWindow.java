package io.devmentor.monitoring.core.check;

/**
 * Response times and failures of one service over a sliding window, in fixed time buckets, so that its
 * memory stays constant however often the service is checked. Not thread-safe: the owner locks.
 */
final class ResponseWindow {

    private final long bucketMillis;
    private final long[] bucketIndex;
    private final int[] counts;
    private final int[] errors;
    private final long[] sumNanos;
    private final long[] maxNanos;

    ResponseWindow(long windowMillis, int buckets) {
        this.bucketMillis = Math.max(1, windowMillis / buckets);
        this.bucketIndex = new long[buckets];
        this.counts = new int[buckets];
        this.errors = new int[buckets];
        this.sumNanos = new long[buckets];
        this.maxNanos = new long[buckets];
        java.util.Arrays.fill(bucketIndex, -1);
    }

    void record(long epochMillis, long latencyNanos, boolean failed) {
        long index = epochMillis / bucketMillis;
        int slot = (int) (index % counts.length);
        if (bucketIndex[slot] != index) {
            bucketIndex[slot] = index;
            counts[slot] = 0;
            errors[slot] = 0;
            sumNanos[slot] = 0;
            maxNanos[slot] = 0;
        }
        counts[slot]++;
        if (failed) {
            errors[slot]++;
        } else {
            // Failed attempts measure the timeout, not the service: only successes count as response times.
            sumNanos[slot] += latencyNanos;
            maxNanos[slot] = Math.max(maxNanos[slot], latencyNanos);
        }
    }

    /** Summary of the buckets still inside the window at {@code epochMillis}. */
    Summary summary(long epochMillis) {
        long newest = epochMillis / bucketMillis;
        long oldest = newest - counts.length + 1;
        int count = 0;
        int failed = 0;
        long sum = 0;
        long max = 0;
        for (int slot = 0; slot < counts.length; slot++) {
            if (bucketIndex[slot] >= oldest && bucketIndex[slot] <= newest) {
                count += counts[slot];
                failed += errors[slot];
                sum += sumNanos[slot];
                max = Math.max(max, maxNanos[slot]);
            }
        }
        int succeeded = count - failed;
        return new Summary(count, failed, succeeded == 0 ? 0 : sum / succeeded, max);
    }

    record Summary(int count, int failed, long meanNanos, long maxNanos) {
        double errorRate() {
            return count == 0 ? 0 : (double) failed / count;
        }
    }
}
