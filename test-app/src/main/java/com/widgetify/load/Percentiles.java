package com.widgetify.load;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of latencies. */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(this.sorted);
    }

    /** The smallest value with at least {@code p} percent of all values at or below it; 0 when empty. */
    public long at(double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public int count() {
        return sorted.length;
    }
}
