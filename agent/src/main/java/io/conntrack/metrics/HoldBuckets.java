package io.conntrack.metrics;

/**
 * Turns the agent's hold histogram (bucket i counts durations in [2^i, 2^(i+1)) microseconds; bucket 0
 * also takes everything under 2 us) into cumulative Prometheus buckets. The upper bound of bucket i
 * is 2^(i+1) us, so "le = 2^(i+1) us" is the sum of buckets 0..i, exact to the microsecond the agent
 * records. Every second power of two is shown: 256 us, 1 ms, 4 ms, ... 4295 s (about 72 minutes):
 * a factor of 4 per bucket, 13 buckets plus +Inf.
 */
final class HoldBuckets {

    /** Exponents b of the bounds 2^b microseconds. */
    static final int[] BOUND_EXPONENTS = {8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32};
    static final String[] LE = new String[BOUND_EXPONENTS.length];

    static {
        for (int i = 0; i < BOUND_EXPONENTS.length; i++) {
            LE[i] = TextFormat.seconds((1L << BOUND_EXPONENTS[i]) * 1000L);
        }
    }

    private HoldBuckets() {
    }

    /** Cumulative counts for each bound in {@link #LE}, then the total (+Inf) as the last element. */
    static long[] cumulative(long[] histogram) {
        long[] out = new long[BOUND_EXPONENTS.length + 1];
        long running = 0;
        int next = 0;
        for (int i = 0; i < BOUND_EXPONENTS.length; i++) {
            int lastBucket = BOUND_EXPONENTS[i] - 1; // bucket i ends at 2^(i+1) us
            for (; next <= lastBucket && next < histogram.length; next++) {
                running += histogram[next];
            }
            out[i] = running;
        }
        for (; next < histogram.length; next++) {
            running += histogram[next];
        }
        out[BOUND_EXPONENTS.length] = running;
        return out;
    }
}
