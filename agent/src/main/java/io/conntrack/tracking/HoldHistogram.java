package io.conntrack.tracking;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A compact, lock-free histogram of durations: bucket i counts durations in
 * [2^i, 2^(i+1)) microseconds (bucket 0 also takes everything under 2 us). 40 buckets reach 2^40 us,
 * about 12 days. Percentiles are read as the bucket's upper bound: at most 2x above the truth.
 */
public final class HoldHistogram {

    static final int BUCKETS = 40;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        long micros = nanos / 1000;
        int bucket = micros <= 1 ? 0 : Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
        counts.incrementAndGet(bucket);
    }

    public long[] counts() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    /** Upper bound, in nanoseconds, of the bucket holding the given quantile; 0 when empty. */
    public static long quantileNanos(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBoundNanos(i);
            }
        }
        return upperBoundNanos(counts.length - 1);
    }

    static long upperBoundNanos(int bucket) {
        return (2L << bucket) * 1000L;
    }
}
