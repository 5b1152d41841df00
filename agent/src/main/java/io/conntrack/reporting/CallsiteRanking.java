package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one order in which ConnTrack shows callsites: dumps (JSON and text), the WARN line's "top
 * callsite", the JMX callsite table and the CLI's {@code status}.
 *
 * <p>Application callsites come first, ranked by what is wrong with them: most leaked connections
 * first; then callsites over {@code limit}; then callsites with an open connection held longer than
 * {@code holdThreshold}; then by open count; then by name. Pool-owned callsites (connections a pool
 * opened for itself: always open, never the culprit) form their own list, ranked the same way (for
 * them only leaked and open count: {@code limit} and {@code holdThreshold} are about application code).
 */
public final class CallsiteRanking {

    /** Application callsites, most suspicious first. */
    public final List<CallsiteSnapshot> application;
    /** Pool-owned callsites, in the same order. */
    public final List<CallsiteSnapshot> pool;
    private final int limit;
    private final Set<String> heldTooLong;

    private CallsiteRanking(List<CallsiteSnapshot> callsites, int limit, Set<String> heldTooLong) {
        this.limit = limit;
        this.heldTooLong = heldTooLong;
        List<CallsiteSnapshot> app = new ArrayList<>();
        List<CallsiteSnapshot> pooled = new ArrayList<>();
        for (CallsiteSnapshot c : callsites) {
            (c.poolOwned ? pooled : app).add(c);
        }
        Comparator<CallsiteSnapshot> order = order();
        app.sort(order);
        pooled.sort(order);
        this.application = Collections.unmodifiableList(app);
        this.pool = Collections.unmodifiableList(pooled);
    }

    /** Ranks a snapshot's callsites, with the tracker's open connections (for holdThreshold) and options. */
    public static CallsiteRanking of(Snapshot snapshot, List<ConnectionRecord> openRecords, Config config, long nowNanos) {
        return of(snapshot.callsites, config.limit, heldTooLong(openRecords, config.holdThresholdMillis, nowNanos));
    }

    /**
     * @param limit the per-callsite {@code limit} option
     * @param heldTooLong frames of the callsites that have an open connection held longer than {@code holdThreshold}
     */
    public static CallsiteRanking of(List<CallsiteSnapshot> callsites, int limit, Set<String> heldTooLong) {
        return new CallsiteRanking(callsites, limit, heldTooLong);
    }

    /** Frames of the application callsites with an open connection older than {@code holdThresholdMillis} (0: off). */
    public static Set<String> heldTooLong(List<ConnectionRecord> openRecords, long holdThresholdMillis, long nowNanos) {
        Set<String> out = new HashSet<>();
        if (holdThresholdMillis <= 0) {
            return out;
        }
        long thresholdNanos = holdThresholdMillis * 1_000_000;
        for (ConnectionRecord r : openRecords) {
            if (!r.callsite().poolOwned && r.isOpen() && nowNanos - r.acquiredNanos() > thresholdNanos) {
                out.add(r.callsite().frame);
            }
        }
        return out;
    }

    /** The ranking's comparator: leaked, then over limit, then held too long, then open, then name. */
    private Comparator<CallsiteSnapshot> order() {
        return Comparator.comparingLong((CallsiteSnapshot c) -> c.leaked).reversed()
                .thenComparing((CallsiteSnapshot c) -> !overLimit(c))
                .thenComparing((CallsiteSnapshot c) -> !heldTooLong(c))
                .thenComparing(Comparator.comparingLong((CallsiteSnapshot c) -> c.open).reversed())
                .thenComparing(c -> c.callsite);
    }

    /** The {@code limit} option this ranking was made with. */
    public int limit() {
        return limit;
    }

    /** An application callsite holding more than {@code limit} connections now. */
    public boolean overLimit(CallsiteSnapshot c) {
        return !c.poolOwned && c.open > limit;
    }

    /** An application callsite with an open connection held longer than {@code holdThreshold}. */
    public boolean heldTooLong(CallsiteSnapshot c) {
        return !c.poolOwned && c.open > 0 && heldTooLong.contains(c.callsite);
    }

    /** The first application callsite that holds or leaked connections, or null: the WARN line's "top callsite". */
    public CallsiteSnapshot top() {
        for (CallsiteSnapshot c : application) {
            if (c.open > 0 || c.leaked > 0) {
                return c;
            }
        }
        return null;
    }

    /** Application callsites, then pool-owned ones. */
    public List<CallsiteSnapshot> all() {
        List<CallsiteSnapshot> out = new ArrayList<>(application.size() + pool.size());
        out.addAll(application);
        out.addAll(pool);
        return out;
    }
}
