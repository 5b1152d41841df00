package io.conntrack.tracking;

import java.util.Arrays;
import java.util.List;

/** Hand-made snapshots for tests of what reads them (ranking, JMX, metrics): counters chosen, no tracker. */
public final class TestSnapshots {

    private TestSnapshots() {
    }

    /**
     * One callsite's counters: {@code closed} holds of {@code holdNanos} each (recorded in the
     * histogram), {@code acquired = open + closed + leaked}.
     */
    public static CallsiteSnapshot callsite(String frame, boolean poolOwned, long open, long closed, long leaked,
                                            long failed, long holdNanos) {
        HoldHistogram h = new HoldHistogram();
        for (long i = 0; i < closed; i++) {
            h.record(holdNanos);
        }
        long[] counts = h.counts();
        long max = closed > 0 ? holdNanos : 0;
        return new CallsiteSnapshot(frame, poolOwned, open + closed + leaked, closed, open, open, leaked, failed,
                Math.min(max, HoldHistogram.quantileNanos(counts, 0.5)), Math.min(max, HoldHistogram.quantileNanos(counts, 0.99)),
                max, closed * holdNanos, 1000 * (open + closed + leaked), 500 * (open + closed + leaked), counts, java.util.List.of(), null);
    }

    /** An application callsite with only open and leaked connections. */
    public static CallsiteSnapshot callsite(String frame, long open, long leaked) {
        return callsite(frame, false, open, 0, leaked, 0, 0);
    }

    public static CallsiteSnapshot pool(String frame, long open) {
        return callsite(frame, true, open, 0, 0, 0, 0);
    }

    /** A snapshot of these callsites, with totals summed from them. */
    public static Snapshot snapshot(CallsiteSnapshot... callsites) {
        List<CallsiteSnapshot> sites = Arrays.asList(callsites);
        return new Snapshot(System.currentTimeMillis(), sites, Totals.of(sites, false, 0), Totals.of(sites, true, 0),
                callsites.length);
    }
}
