package io.conntrack.tracking;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections open now and the most open at once (application or pool-owned ones). Lock-free.
 *
 * <p>Two counters that only grow, opens and ends, read in that order: each cell of {@code opens} read
 * holds at most what it held once the reads of {@code opens} were done, each cell of {@code ends} at
 * least that, so the difference is never more than was open at that moment. One adder counting up and
 * down cannot promise that: its sum adds cells read at different times, and under load it counts a
 * connection handed from one thread to the next twice (16 threads on 4 permits read peaks of 5 and 6
 * within 150 million borrows). The open count and its peak may read one low in a race, never high, so
 * {@code totalLimit} and the peak never pass what was really held.
 */
final class OpenGauge {

    private final LongAdder opens = new LongAdder();
    private final LongAdder ends = new LongAdder();
    private final AtomicLong peak = new AtomicLong();

    /** One more open; returns how many are open now (a sum of the adders' cells: cheap, read-mostly). */
    long opened() {
        opens.increment();
        return samplePeak();
    }

    void closed() {
        ends.increment();
    }

    /** Raises the peak to the open count now; returns that count. */
    long samplePeak() {
        long n = open();
        long p;
        while (n > (p = peak.get()) && !peak.compareAndSet(p, n)) {
            // another thread raised it meanwhile: look again (no lambda here: linking one on the first
            // borrows of many virtual threads at once pinned them)
        }
        return n;
    }

    /** Open now: at most what was open at one moment during this call. */
    long open() {
        long opened = opens.sum(); // first: see the class comment
        return Math.max(0, opened - ends.sum());
    }

    long peak() {
        return peak.get();
    }

    void resetPeak() {
        peak.set(open());
    }
}
