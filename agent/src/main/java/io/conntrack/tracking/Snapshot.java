package io.conntrack.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of every callsite's counters at one moment. {@link #callsites} are sorted by open count,
 * then by leaked count, pool-owned ones among them; the order ConnTrack shows them in (dumps, the
 * WARN line, JMX, the CLI) is {@code io.conntrack.reporting.CallsiteRanking}'s. Counters of different
 * callsites are read one after the other, not atomically together; each counter is exact.
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

    /**
     * The callsites with callsites of the same rendered frame and pool-owned flag summed into one
     * ({@link CallsiteSnapshot#plus}), in this snapshot's order (where the first of them was). A
     * callsite's identity includes its class, and so its class loader: two web applications, or a
     * redeployed one, can have callsites that render alike. Views keyed by the frame (JMX rows,
     * metrics labels) use this list.
     */
    public List<CallsiteSnapshot> callsitesByFrame() {
        Map<String, CallsiteSnapshot> byKey = new LinkedHashMap<>();
        for (CallsiteSnapshot c : callsites) {
            byKey.merge((c.poolOwned ? "p:" : "a:") + c.callsite, c, CallsiteSnapshot::plus);
        }
        return byKey.size() == callsites.size() ? callsites : new ArrayList<>(byKey.values());
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
