package io.conntrack.metrics;

import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.Utf16;

/** The counters one {@code callsite} label shows: one callsite, or several summed ("other"). */
final class CallsiteMetrics {

    static final String OTHER = "other";

    final String callsite;
    final long open;
    final long acquired;
    final long closed;
    final long leaked;
    final long failed;
    /** Bucket i counts holds in [2^i, 2^(i+1)) microseconds, as {@link CallsiteSnapshot#holdHistogram}. */
    final long[] holdHistogram;
    final long holdTotalNanos;

    CallsiteMetrics(String callsite, long open, long acquired, long closed, long leaked, long failed,
                    long[] holdHistogram, long holdTotalNanos) {
        this.callsite = callsite;
        this.open = open;
        this.acquired = acquired;
        this.closed = closed;
        this.leaked = leaked;
        this.failed = failed;
        this.holdHistogram = holdHistogram.clone();
        this.holdTotalNanos = holdTotalNanos;
    }

    /** The label is the frame well-formed (an unpaired surrogate as U+FFFD), as it is encoded. */
    static CallsiteMetrics of(CallsiteSnapshot s) {
        return new CallsiteMetrics(Utf16.wellFormed(s.callsite), s.open, s.acquired, s.closed, s.leaked, s.failed, s.holdHistogram,
                s.holdTotalNanos);
    }

    /** Adds another callsite's counters to these, under this one's label. */
    CallsiteMetrics plus(CallsiteMetrics o) {
        long[] h = new long[Math.max(holdHistogram.length, o.holdHistogram.length)];
        for (int i = 0; i < h.length; i++) {
            h[i] = (i < holdHistogram.length ? holdHistogram[i] : 0) + (i < o.holdHistogram.length ? o.holdHistogram[i] : 0);
        }
        return new CallsiteMetrics(callsite, open + o.open, acquired + o.acquired, closed + o.closed, leaked + o.leaked,
                failed + o.failed, h, holdTotalNanos + o.holdTotalNanos);
    }

    static CallsiteMetrics empty(String label) {
        return new CallsiteMetrics(label, 0, 0, 0, 0, 0, new long[0], 0);
    }
}
