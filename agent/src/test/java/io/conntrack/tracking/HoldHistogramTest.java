package io.conntrack.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldHistogramTest {

    private static final long US = 1_000;

    @Test
    void emptyHistogramHasZeroQuantiles() {
        long[] counts = new HoldHistogram().counts();
        assertEquals(0, HoldHistogram.quantileNanos(counts, 0.5));
        assertEquals(0, HoldHistogram.quantileNanos(counts, 0.99));
    }

    @Test
    void bucketsArePowersOfTwoMicroseconds() {
        HoldHistogram h = new HoldHistogram();
        h.record(0);
        h.record(1_999); // 1 us
        h.record(2 * US);
        h.record(3 * US);
        h.record(4 * US);
        h.record(1_000_000 * US); // 1 s: 2^19 <= 10^6 < 2^20
        long[] c = h.counts();
        assertEquals(2, c[0]);
        assertEquals(2, c[1]);
        assertEquals(1, c[2]);
        assertEquals(1, c[19]);
        assertEquals(6, sum(c));
    }

    @Test
    void quantilesAreTheUpperBoundOfTheirBucket() {
        HoldHistogram h = new HoldHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(10 * US); // bucket 3: [8, 16) us
        }
        h.record(1_000_000 * US);
        long[] c = h.counts();
        assertEquals(16 * US, HoldHistogram.quantileNanos(c, 0.50));
        assertEquals(16 * US, HoldHistogram.quantileNanos(c, 0.99));
        assertEquals((1L << 20) * US, HoldHistogram.quantileNanos(c, 0.995));
        assertEquals((1L << 20) * US, HoldHistogram.quantileNanos(c, 1.0));
    }

    @Test
    void quantileIsNeverBelowTheTruthNorMoreThanTwiceAbove() {
        Random r = new Random(42);
        HoldHistogram h = new HoldHistogram();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long v = (long) (Math.exp(r.nextDouble() * 20) * US); // 1 us .. ~8 min, log-uniform
            values.add(v);
            h.record(v);
        }
        values.sort(null);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long truth = values.get((int) Math.ceil(q * values.size()) - 1);
            long est = HoldHistogram.quantileNanos(h.counts(), q);
            assertTrue(est > truth && est <= 2 * Math.max(truth, 2 * US), "q" + q + " truth " + truth + " estimate " + est);
        }
    }

    @Test
    void hugeDurationsLandInTheLastBucket() {
        HoldHistogram h = new HoldHistogram();
        h.record(Long.MAX_VALUE);
        assertEquals(1, h.counts()[HoldHistogram.BUCKETS - 1]);
    }

    @Test
    void concurrentRecordingLosesNothing() throws InterruptedException {
        HoldHistogram h = new HoldHistogram();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    h.record((i % 5000) * US);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(400_000, sum(h.counts()));
    }

    private static long sum(long[] c) {
        long s = 0;
        for (long x : c) {
            s += x;
        }
        return s;
    }
}
