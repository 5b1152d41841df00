package io.conntrack.tracking;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Connections open now and the most open at once (application or pool-owned ones). Lock-free. */
final class OpenGauge {

    private final LongAdder open = new LongAdder();
    private final AtomicLong peak = new AtomicLong();

    /** One more open; returns how many are open now (a sum of the adder's cells: cheap, read-mostly). */
    long opened() {
        open.increment();
        return samplePeak();
    }

    void closed() {
        open.decrement();
    }

    /** Raises the peak to the open count now; returns that count. */
    long samplePeak() {
        long n = open.sum();
        if (n > peak.get()) {
            peak.accumulateAndGet(n, Math::max);
        }
        return n;
    }

    long open() {
        return open.sum();
    }

    long peak() {
        return peak.get();
    }

    void resetPeak() {
        peak.set(open.sum());
    }
}
