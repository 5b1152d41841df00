package io.conntrack.tracking;

import java.util.Collections;
import java.util.List;

/**
 * A read-only view of every callsite's counters at one moment. Callsites are ranked by open count,
 * then by leaked count. Counters of different callsites are read one after the other, not atomically
 * together; each counter is exact.
 */
public final class Snapshot {

    public final long takenAtMillis;
    public final List<CallsiteSnapshot> callsites;
    /** Connections handed to application code. */
    public final Totals application;
    /** Connections pools opened for themselves. */
    public final Totals pool;
    public final int callsiteCount;

    Snapshot(long takenAtMillis, List<CallsiteSnapshot> callsites, Totals application, Totals pool, int callsiteCount) {
        this.takenAtMillis = takenAtMillis;
        this.callsites = Collections.unmodifiableList(callsites);
        this.application = application;
        this.pool = pool;
        this.callsiteCount = callsiteCount;
    }

    /** The snapshot of the callsite rendered as {@code frame}, or null. */
    public CallsiteSnapshot callsite(String frame) {
        for (CallsiteSnapshot c : callsites) {
            if (c.callsite.equals(frame)) {
                return c;
            }
        }
        return null;
    }
}
