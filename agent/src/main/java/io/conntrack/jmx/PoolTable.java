package io.conntrack.jmx;

import io.conntrack.pools.PoolState;
import java.util.List;
import javax.management.openmbean.ArrayType;
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
 * The pools as open data: one row per pool, indexed by {@code name}. The pool's own numbers are -1
 * where it does not tell; {@code exhaustionSeconds} is -1 without a forecast.
 */
public final class PoolTable {

    static final String[] ITEMS = {
        "name", "type", "className", "maxSize", "active", "idle", "waiting", "connectionTimeoutMillis",
        "leakDetectionThresholdMillis", "inUse", "lost", "lostRecently", "peakInUse", "exhaustionSeconds", "forecast", "advice",
        "reclaimed", "abandoned",
    };
    private static final String[] DESCRIPTIONS = {
        "The pool's name (its own, else type-id)", "hikari, dbcp2, tomcat, c3p0, agroal or other", "The pool's class",
        "Maximum connections (the pool's own setting; -1 unknown)", "Connections in use, as the pool counts them (-1 unknown)",
        "Idle connections, as the pool counts them (-1 unknown)", "Threads waiting for a connection (-1 unknown)",
        "How long a borrower waits before the pool gives up (-1 unknown)", "HikariCP's leakDetectionThreshold when set, else -1",
        "Application connections from this pool open now (ConnTrack's count)",
        "Application connections from this pool garbage-collected without close(): never returned to the pool",
        "Of those, lost in the last 5 minutes", "Most in use seen by ConnTrack's samples",
        "Forecast seconds until exhaustion at the recent loss rate; -1 without a loss trend",
        "The forecast as a sentence, or empty", "Advice, each with its numbers and line",
        "Connections ConnTrack gave back to this pool (reclaim=lost|abandoned): lost and abandoned ones",
        "Connections held now whose acquiring method has finished (abandoned), with or without reclaim",
    };
    static final CompositeType ROW;
    static final TabularType TABLE;

    static {
        try {
            OpenType<?>[] types = {
                SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                SimpleType.LONG, SimpleType.DOUBLE, SimpleType.STRING, new ArrayType<String[]>(1, SimpleType.STRING),
                SimpleType.LONG, SimpleType.LONG,
            };
            ROW = new CompositeType("io.conntrack.Pool", "One pool: its own numbers and ConnTrack's", ITEMS, DESCRIPTIONS, types);
            TABLE = new TabularType("io.conntrack.Pools", "The pools ConnTrack has seen", ROW, new String[] {"name"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PoolTable() {
    }

    public static TabularData of(List<PoolState> pools) {
        TabularDataSupport table = new TabularDataSupport(TABLE);
        for (PoolState p : pools) {
            table.put(row(p));
        }
        return table;
    }

    static CompositeData row(PoolState p) {
        try {
            return new CompositeDataSupport(ROW, ITEMS, new Object[] {
                p.name, p.type, p.className, p.maxSize, p.active, p.idle, p.waiting, p.connectionTimeoutMillis,
                p.leakDetectionThresholdMillis, p.inUse, p.lost, p.lostRecently, p.peakInUse,
                p.hasForecast() ? p.exhaustionSeconds : -1.0, p.forecast == null ? "" : p.forecast,
                p.advice.toArray(new String[0]), p.reclaimed(), p.abandonedHeld(),
            });
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
