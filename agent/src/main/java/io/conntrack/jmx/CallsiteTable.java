package io.conntrack.jmx;

import io.conntrack.tracking.CallsiteSnapshot;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/** Callsite counters as open data: one {@link CompositeData} row per callsite, indexed by callsite. */
final class CallsiteTable {

    static final String[] ITEMS = {
        "callsite", "poolOwned", "open", "peak", "acquired", "closed", "leaked", "failed",
        "holdP50Millis", "holdP99Millis", "holdMaxMillis", "acquireWaitMaxMillis",
    };
    private static final String[] DESCRIPTIONS = {
        "Where connections are acquired, rendered like a stack frame",
        "Opened by a pool for itself, not handed to application code",
        "Open now", "Most open at once", "Acquired since start", "Closed since start",
        "Garbage-collected while open", "Acquisitions that threw",
        "Median hold time", "99th percentile hold time", "Longest hold time", "Longest wait inside getConnection",
    };
    private static final OpenType<?>[] TYPES = {
        SimpleType.STRING, SimpleType.BOOLEAN, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
        SimpleType.LONG, SimpleType.LONG, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.DOUBLE,
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
     * One row per rendered callsite: callsites that render alike (the same code loaded by two class
     * loaders) share the row's key, so their counters are summed (times: the larger).
     */
    static TabularData of(List<CallsiteSnapshot> callsites) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        java.util.Map<String, CompositeData> rows = new java.util.LinkedHashMap<>();
        for (CallsiteSnapshot c : callsites) {
            rows.merge(c.callsite, row(c), CallsiteTable::sum);
        }
        for (CompositeData r : rows.values()) {
            table.put(r);
        }
        return table;
    }

    private static CompositeData sum(CompositeData a, CompositeData b) {
        Object[] values = new Object[ITEMS.length];
        for (int i = 0; i < ITEMS.length; i++) {
            Object x = a.get(ITEMS[i]);
            Object y = b.get(ITEMS[i]);
            values[i] = x instanceof Long ? (Object) ((Long) x + (Long) y)
                    : x instanceof Double ? (Object) Math.max((Double) x, (Double) y)
                    : x instanceof Boolean ? (Object) ((Boolean) x || (Boolean) y) : x;
        }
        try {
            return new CompositeDataSupport(ROW, ITEMS, values);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    static CompositeData row(CallsiteSnapshot c) {
        try {
            return new CompositeDataSupport(ROW, ITEMS, new Object[] {
                c.callsite, c.poolOwned, c.open, c.peak, c.acquired, c.closed, c.leaked, c.failed,
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
