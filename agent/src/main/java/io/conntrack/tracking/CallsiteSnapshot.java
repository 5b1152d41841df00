package io.conntrack.tracking;

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

    CallsiteSnapshot(String callsite, boolean poolOwned, long acquired, long closed, long open, long peak,
                     long leaked, long failed, long holdP50Nanos, long holdP99Nanos, long holdMaxNanos,
                     long holdTotalNanos, long acquireWaitMaxNanos, long acquireWaitTotalNanos, long[] holdHistogram) {
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
    }
}
