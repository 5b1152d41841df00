package io.conntrack.jmx;

import io.conntrack.reporting.CallsiteRanking;
import io.conntrack.tracking.CallsiteSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * Callsite counters as open data: one {@link CompositeData} row per rendered frame, indexed by
 * {@code callsite}. Callsites that render alike (the same class in two class loaders) are summed into
 * one row (see {@code Snapshot.callsitesByFrame()}). {@code rank} is the row's place in
 * {@link CallsiteRanking}'s order: application callsites 1..n, then pool-owned ones.
 */
final class CallsiteTable {

    static final String[] ITEMS = {
        "callsite", "poolOwned", "rank", "overLimit", "heldPastThreshold",
        "open", "peak", "acquired", "closed", "leaked", "failed",
        "holdP50Millis", "holdP99Millis", "holdMaxMillis", "acquireWaitMaxMillis",
    };
    private static final String[] DESCRIPTIONS = {
        "Where connections are acquired, rendered like a stack frame",
        "Opened by a pool for itself, not handed to application code",
        "Place in ConnTrack's ranking (as in dumps): application callsites first, by leaked, over limit, "
                + "held past holdThreshold, then open; pool-owned ones after them",
        "Holds more than limit connections now", "Has an open connection held longer than holdThreshold",
        "Open now", "Most open at once", "Acquired since start", "Closed since start",
        "Garbage-collected while open", "Acquisitions that threw",
        "Median hold time", "99th percentile hold time", "Longest hold time", "Longest wait inside getConnection",
    };
    private static final OpenType<?>[] TYPES = {
        SimpleType.STRING, SimpleType.BOOLEAN, SimpleType.INTEGER, SimpleType.BOOLEAN, SimpleType.BOOLEAN,
        SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
        SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE,
    };
    static final CompositeType ROW;
    static final TabularType TABLE;

    static {
        try {
            ROW = new CompositeType("io.conntrack.Callsite", "Counters of one callsite", ITEMS, DESCRIPTIONS, TYPES);
            TABLE = new TabularType("io.conntrack.Callsites", "Counters per callsite", ROW, new String[] {"callsite"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CallsiteTable() {
    }

    /**
     * @param callsites summed by frame ({@code Snapshot.callsitesByFrame()})
     * @param limit the {@code limit} option
     * @param heldTooLong frames with an open connection held past {@code holdThreshold}
     */
    static TabularData of(List<CallsiteSnapshot> callsites, int limit, Set<String> heldTooLong) {
        CallsiteRanking ranking = CallsiteRanking.of(callsites, limit, heldTooLong);
        TabularDataSupport table = new TabularDataSupport(TABLE);
        Set<String> applicationFrames = new HashSet<>();
        int rank = 0;
        for (CallsiteSnapshot c : ranking.all()) {
            // one frame both application and pool-owned (not seen in practice): two rows, told apart
            String name = c.poolOwned && applicationFrames.contains(c.callsite) ? c.callsite + " [pool-owned]" : c.callsite;
            if (!c.poolOwned) {
                applicationFrames.add(c.callsite);
            }
            table.put(row(c, name, ++rank, ranking.overLimit(c), ranking.heldTooLong(c)));
        }
        return table;
    }

    static CompositeData row(CallsiteSnapshot c, String name, int rank, boolean overLimit, boolean heldTooLong) {
        try {
            return new CompositeDataSupport(ROW, ITEMS, new Object[] {
                name, c.poolOwned, rank, overLimit, heldTooLong, c.open, c.peak, c.acquired, c.closed, c.leaked, c.failed,
                millis(c.holdP50Nanos), millis(c.holdP99Nanos), millis(c.holdMaxNanos), millis(c.acquireWaitMaxNanos),
            });
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
