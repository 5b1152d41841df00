package io.conntrack.pools;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One pool ConnTrack has seen, held weakly. The id is what connection records carry; everything else
 * is written off the hot path (the monitor thread: losses, samples) and read by reporters, under this
 * entry's lock (never taken by an application thread).
 */
public final class PoolEntry extends WeakReference<Object> {

    /** Losses older than this no longer count towards the loss rate (and the forecast). */
    static final long LOSS_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** The times of the last this many losses are kept (the array grows to it as losses come: 8 KB at most). */
    static final int LOSS_TIMES = 1024;
    private static final int FIRST_LOSS_TIMES = 8;

    /** What connection records carry: small, and given to another pool once this one was collected and pruned. */
    public final int id;
    /** How dumps, metrics and the timeline name this pool: never given to another pool in this JVM. */
    public final int serial;
    final int hash;
    /** The pool's class name (kept as a string: a Class would keep its loader alive). */
    public final String className;
    final long firstSeenNanos = System.nanoTime();
    /** Application acquisitions from this pool, closes and their hold time: the hot path's (failures below). */
    final LongAdder acquired = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder holdTotalNanos = new LongAdder();
    /** A pool by its class: one of those ConnTrack reads (HikariCP, DBCP2, ...), known at registration. */
    final boolean knownPool;
    /**
     * The DataSource this one's getConnection() was last seen getting its connection from (a wrapper's
     * delegate, a pool's driver source), 0 for none; written by the hot path only when it changes.
     */
    volatile int delegateId;
    /** By its class alone: 1 it has a pool's getters (a maximum size...), -1 none, 0 not looked at yet ({@link PoolWatch}). */
    volatile int poolLike;
    /** Next entry in the same bucket of the registry; written before the entry is published, and by the monitor's pruning. */
    volatile PoolEntry nextInBucket;
    /** Set when another thread registered the same pool first (this entry is then unused). */
    volatile PoolEntry duplicateOf;

    // Guarded by this.
    private long lost;
    /** A ring of loss times, oldest at {@code lossNext} once full; null before the first loss. */
    private long[] lossTimes;
    private int lossNext;
    private int lossStored;
    /** The maps below are made at their first entry: most pools never lose a connection or have one held long. */
    private Map<String, Long> lostBySite;
    /** Callsite frame -> (frame the holder waited in outside JDBC -> times seen). */
    private Map<String, Map<String, Integer>> waitsBySite;
    private Map<String, Integer> holdSamplesBySite;
    private long peakInUse;
    private long inUseSamples;
    /** Little's law, from the monitor's samples: the last and the highest demand seen, and their inputs. */
    private final Demand demand = new Demand();
    /** Losses counted when the last forecast warning was given; a new loss allows the next one. */
    private long lostAtLastWarning = -1;
    /** Application acquisitions from this pool that threw (written by application threads, without a lock). */
    private final LongAdder failures = new LongAdder();
    /** When the first of them threw (epoch ms), 0 before; set once (racing first failures differ by microseconds). */
    private volatile long firstFailureMillis;
    /** The pool's own numbers as last read (by a {@link PoolCalls} worker), or null before the first read. */
    private PoolState lastReading;
    /** Calls into this pool ({@link PoolCalls}); made at the first call, off the hot path. */
    private Lane lane;

    PoolEntry(int id, int serial, Object pool, int hash) {
        super(pool);
        this.id = id;
        this.serial = serial;
        this.hash = hash;
        this.className = pool.getClass().getName();
        this.knownPool = isKnownPool(pool.getClass());
    }

    /** The pools ConnTrack has a reader for, and a few more, by the names of the class and its supertypes. */
    private static final String[] KNOWN_POOLS = {
        "com.zaxxer.hikari.HikariDataSource", "org.apache.commons.dbcp2.BasicDataSource", "org.apache.tomcat.jdbc.pool.DataSourceProxy",
        "com.mchange.v2.c3p0.PooledDataSource", "io.agroal.api.AgroalDataSource", "org.h2.jdbcx.JdbcConnectionPool",
        "org.vibur.dbcp.ViburDBCPDataSource", "oracle.ucp.jdbc.PoolDataSource", "com.alibaba.druid.pool.DruidDataSource",
    };

    private static boolean isKnownPool(Class<?> c) {
        for (String name : KNOWN_POOLS) {
            if (PoolReader.hasType(c, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether connections got through this DataSource are this pool's: a known pool, one with a pool's
     * getters, or one not looked at yet that delegates to nothing. A DataSource that only hands on what
     * another one gives (a wrapper) or pools nothing (a driver's DataSource) is not a pool.
     */
    boolean isPool() {
        int like = poolLike;
        return knownPool || like > 0 || like == 0 && delegateId == 0;
    }

    /** An application connection from this pool was collected without close(). Monitor thread. */
    public synchronized void lost(String callsite, long nowNanos) {
        lost++;
        if (lostBySite == null) {
            lostBySite = new LinkedHashMap<>();
        }
        lostBySite.merge(callsite, 1L, Long::sum);
        if (lossTimes == null) {
            lossTimes = new long[FIRST_LOSS_TIMES];
        } else if (lossStored == lossTimes.length && lossTimes.length < LOSS_TIMES) {
            long[] grown = new long[Math.min(LOSS_TIMES, lossTimes.length * 2)]; // full: lossNext is the oldest
            int tail = lossTimes.length - lossNext;
            System.arraycopy(lossTimes, lossNext, grown, 0, tail);
            System.arraycopy(lossTimes, 0, grown, tail, lossNext);
            lossNext = lossStored;
            lossTimes = grown;
        }
        lossTimes[lossNext] = nowNanos;
        lossNext = (lossNext + 1) % lossTimes.length;
        lossStored = Math.min(lossTimes.length, lossStored + 1);
    }

    /** How many loss times the ring holds now (0 before the first loss). */
    synchronized int lossCapacity() {
        return lossTimes == null ? 0 : lossTimes.length;
    }

    public synchronized long lost() {
        return lost;
    }

    /** An application's getConnection() on this pool threw. Any thread; the failure path only. */
    public void acquisitionFailed() {
        failures.increment();
        if (firstFailureMillis == 0) {
            firstFailureMillis = System.currentTimeMillis();
        }
    }

    /** When the first application acquisition from this pool threw (epoch ms), 0 if none did. */
    public long firstFailureMillis() {
        return firstFailureMillis;
    }

    /** Application acquisitions from this pool that threw, so far. */
    public long failures() {
        return failures.sum();
    }

    /** Losses within the last {@link #LOSS_WINDOW_NANOS}. */
    synchronized int lostRecently(long nowNanos) {
        int n = 0;
        for (int i = 0; i < lossStored; i++) {
            if (nowNanos - lossTimes[i] <= LOSS_WINDOW_NANOS) {
                n++;
            }
        }
        return n;
    }

    /** Callsite frame to connections lost there, most first. */
    synchronized List<Map.Entry<String, Long>> lostBySite() {
        if (lostBySite == null) {
            return new ArrayList<>();
        }
        List<Map.Entry<String, Long>> out = new ArrayList<>(lostBySite.entrySet());
        out.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<Map.Entry<String, Long>> copy = new ArrayList<>();
        for (Map.Entry<String, Long> e : out) {
            copy.add(Map.entry(e.getKey(), e.getValue()));
        }
        return copy;
    }

    /** One look at a connection of {@code callsite} held long; {@code waitFrame} is where its holder waited outside JDBC, or null. */
    synchronized void holdSampled(String callsite, String waitFrame) {
        if (holdSamplesBySite == null) {
            holdSamplesBySite = new LinkedHashMap<>();
        }
        holdSamplesBySite.merge(callsite, 1, Integer::sum);
        if (waitFrame != null) {
            if (waitsBySite == null) {
                waitsBySite = new LinkedHashMap<>();
            }
            waitsBySite.computeIfAbsent(callsite, k -> new LinkedHashMap<>()).merge(waitFrame, 1, Integer::sum);
        }
    }

    synchronized int holdSamples(String callsite) {
        return holdSamplesBySite == null ? 0 : holdSamplesBySite.getOrDefault(callsite, 0);
    }

    /** The frame this callsite's holders were most often seen waiting in outside JDBC, with the count; null if never. */
    synchronized Map.Entry<String, Integer> topWait(String callsite) {
        Map<String, Integer> m = waitsBySite == null ? null : waitsBySite.get(callsite);
        if (m == null) {
            return null;
        }
        Map.Entry<String, Integer> best = null;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (best == null || e.getValue() > best.getValue()) {
                best = e;
            }
        }
        return best == null ? null : Map.entry(best.getKey(), best.getValue());
    }

    synchronized void inUseSampled(long inUse) {
        peakInUse = Math.max(peakInUse, inUse);
        inUseSamples++;
    }

    synchronized long peakInUse() {
        return peakInUse;
    }

    synchronized Demand demand() {
        return demand.copy();
    }

    synchronized void demandSample(long nowNanos, long acquired, long closed, long holdTotalNanos) {
        demand.sample(nowNanos, acquired, closed, holdTotalNanos);
    }

    /** True when a forecast warning is due: none was given yet, or a connection was lost since the last one. */
    synchronized boolean warningDue() {
        return lost != lostAtLastWarning;
    }

    /** A forecast warning was given (its dump asked for) with {@code lost} connections lost. */
    synchronized void warned(long lostThen) {
        lostAtLastWarning = lostThen;
    }

    /** The pool's own numbers were read: kept for readers that must not wait (the monitor), and sampled. */
    synchronized void reading(PoolState own) {
        lastReading = own;
        if (own.active >= 0) {
            inUseSampled(own.active);
        }
    }

    /** The pool's own numbers as last read, or null. */
    synchronized PoolState lastReading() {
        return lastReading;
    }

    synchronized Lane lane() {
        if (lane == null) {
            lane = new Lane();
        }
        return lane;
    }

    /**
     * How log lines name this pool, as dumps do: {@code 'name' (class)} with the name it told when it
     * was last read, else the name dumps give a pool that tells none ({@code HikariDataSource-3}).
     */
    String label() {
        PoolState r = lastReading();
        String name = r != null && r.name != null && !r.name.isEmpty() ? r.name : PoolCalls.simpleName(className) + "-" + serial;
        return "'" + name + "' (" + className + ")";
    }

    /** The state of calls into this pool ({@link PoolCalls}); guarded by itself. */
    static final class Lane {
        PoolCalls.Call<?> inFlight;
        /** Rounds in a row in which a request got no answer in time, and when the last one was counted. */
        int strikes;
        long lastStrikeNanos;
        /** Why calls into this pool are off for good, or null. */
        String off;
    }

    double watchedSeconds(long nowNanos) {
        return (nowNanos - firstSeenNanos) / 1e9;
    }

    /**
     * Demand by Little's law (connections in use on average = acquisitions per second x mean hold),
     * from the difference between two monitor samples at least {@link #MIN_SPAN_NANOS} apart.
     */
    static final class Demand {
        static final long MIN_SPAN_NANOS = TimeUnit.SECONDS.toNanos(5);
        long lastNanos;
        long lastAcquired;
        long lastClosed;
        long lastHold;
        boolean started;
        /** Acquisitions per second, mean hold (s) and their product over the last span; peak product seen. */
        double rate;
        double meanHoldSeconds;
        double mean = -1;
        double peak = -1;
        double peakRate;
        double peakMeanHoldSeconds;

        void sample(long now, long acquired, long closed, long holdTotalNanos) {
            if (!started) {
                started = true;
                lastNanos = now;
                lastAcquired = acquired;
                lastClosed = closed;
                lastHold = holdTotalNanos;
                return;
            }
            if (now - lastNanos < MIN_SPAN_NANOS) {
                return;
            }
            double span = (now - lastNanos) / 1e9;
            long dClosed = closed - lastClosed;
            rate = (acquired - lastAcquired) / span;
            meanHoldSeconds = dClosed > 0 ? (holdTotalNanos - lastHold) / 1e9 / dClosed : meanHoldSeconds;
            if (dClosed > 0) {
                mean = rate * meanHoldSeconds;
                if (mean > peak) {
                    peak = mean;
                    peakRate = rate;
                    peakMeanHoldSeconds = meanHoldSeconds;
                }
            }
            lastNanos = now;
            lastAcquired = acquired;
            lastClosed = closed;
            lastHold = holdTotalNanos;
        }

        Demand copy() {
            Demand d = new Demand();
            d.rate = rate;
            d.meanHoldSeconds = meanHoldSeconds;
            d.mean = mean;
            d.peak = peak;
            d.peakRate = peakRate;
            d.peakMeanHoldSeconds = peakMeanHoldSeconds;
            return d;
        }
    }
}
