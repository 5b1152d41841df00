package io.conntrack.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Counters of one callsite at one moment. Times are in nanoseconds. */
public final class CallsiteSnapshot {

    public final String callsite;
    public final boolean poolOwned;
    public final long acquired;
    public final long closed;
    public final long open;
    public final long peak;
    public final long leaked;
    public final long failed;
    public final long holdP50Nanos;
    public final long holdP99Nanos;
    public final long holdMaxNanos;
    public final long holdTotalNanos;
    public final long acquireWaitMaxNanos;
    public final long acquireWaitTotalNanos;
    /** Hold-time histogram: bucket i counts holds in [2^i, 2^(i+1)) microseconds. */
    public final long[] holdHistogram;
    /** Its last few connections garbage-collected without close(), newest first. */
    public final List<LeakedConnection> recentLeaks;
    /** The caller its leaked or long-held connections came through, when that tells them from the closed ones; or null. */
    public final Blame blame;

    CallsiteSnapshot(String callsite, boolean poolOwned, long acquired, long closed, long open, long peak,
                     long leaked, long failed, long holdP50Nanos, long holdP99Nanos, long holdMaxNanos,
                     long holdTotalNanos, long acquireWaitMaxNanos, long acquireWaitTotalNanos, long[] holdHistogram,
                     List<LeakedConnection> recentLeaks, Blame blame) {
        this.callsite = callsite;
        this.poolOwned = poolOwned;
        this.acquired = acquired;
        this.closed = closed;
        this.open = open;
        this.peak = peak;
        this.leaked = leaked;
        this.failed = failed;
        this.holdP50Nanos = holdP50Nanos;
        this.holdP99Nanos = holdP99Nanos;
        this.holdMaxNanos = holdMaxNanos;
        this.holdTotalNanos = holdTotalNanos;
        this.acquireWaitMaxNanos = acquireWaitMaxNanos;
        this.acquireWaitTotalNanos = acquireWaitTotalNanos;
        this.holdHistogram = holdHistogram;
        this.recentLeaks = recentLeaks;
        this.blame = blame;
    }

    /**
     * This callsite's counters summed with another's, under this one's frame and pool-owned flag: for
     * views keyed by the rendered frame (JMX, metrics), where two callsites of the same frame from
     * different class loaders are one row. Counts and totals add up; {@code peak} is the sum of both
     * peaks (an upper bound: they may have come at different times); the maxima are the larger one;
     * the percentiles are read again from the summed histogram.
     */
    public CallsiteSnapshot plus(CallsiteSnapshot o) {
        long[] h = new long[Math.max(holdHistogram.length, o.holdHistogram.length)];
        for (int i = 0; i < h.length; i++) {
            h[i] = (i < holdHistogram.length ? holdHistogram[i] : 0) + (i < o.holdHistogram.length ? o.holdHistogram[i] : 0);
        }
        long holdMax = Math.max(holdMaxNanos, o.holdMaxNanos);
        return new CallsiteSnapshot(callsite, poolOwned, acquired + o.acquired, closed + o.closed, open + o.open,
                peak + o.peak, leaked + o.leaked, failed + o.failed,
                Math.min(holdMax, HoldHistogram.quantileNanos(h, 0.50)), Math.min(holdMax, HoldHistogram.quantileNanos(h, 0.99)),
                holdMax, holdTotalNanos + o.holdTotalNanos, Math.max(acquireWaitMaxNanos, o.acquireWaitMaxNanos),
                acquireWaitTotalNanos + o.acquireWaitTotalNanos, h, mergedLeaks(o), blame != null ? blame : o.blame);
    }

    /** Both callsites' recent leaks, newest first, as many as one keeps. */
    private List<LeakedConnection> mergedLeaks(CallsiteSnapshot o) {
        if (o.recentLeaks.isEmpty()) {
            return recentLeaks;
        }
        List<LeakedConnection> all = new ArrayList<>(recentLeaks);
        all.addAll(o.recentLeaks);
        all.sort(Comparator.comparingLong((LeakedConnection l) -> l.foundAtMillis).reversed());
        return all.size() <= CallsiteEvidence.RECENT_LEAKS ? all : all.subList(0, CallsiteEvidence.RECENT_LEAKS);
    }
}
