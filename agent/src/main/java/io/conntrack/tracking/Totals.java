package io.conntrack.tracking;

import java.util.List;

/** Counters summed over a group of callsites (application-held, or pool-owned). */
public final class Totals {

    public final long open;
    public final long peak;
    public final long acquired;
    public final long closed;
    public final long leaked;
    public final long failed;

    Totals(long open, long peak, long acquired, long closed, long leaked, long failed) {
        this.open = open;
        this.peak = peak;
        this.acquired = acquired;
        this.closed = closed;
        this.leaked = leaked;
        this.failed = failed;
    }

    /** Open summed over the callsites (tests: callsites read one by one may sum more than was ever open at once). */
    /**
     * Counts summed over the listed callsites, so a snapshot's totals and its list tell one story; the
     * peak from the group's {@link OpenGauge}, which never reads more than was open at one moment (a sum
     * can: a close read at one callsite and the next borrower's acquisition read at another).
     */
    static Totals of(List<CallsiteSnapshot> sites, boolean poolOwned, long peak) {
        long open = 0;
        long acquired = 0;
        long closed = 0;
        long leaked = 0;
        long failed = 0;
        for (CallsiteSnapshot s : sites) {
            if (s.poolOwned == poolOwned) {
                open += s.open;
                acquired += s.acquired;
                closed += s.closed;
                leaked += s.leaked;
                failed += s.failed;
            }
        }
        return new Totals(open, peak, acquired, closed, leaked, failed);
    }
}
