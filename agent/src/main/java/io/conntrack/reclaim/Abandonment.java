package io.conntrack.reclaim;

import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.FrameClassifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The abandoned-connection test, the one the advice and {@code reclaim=abandoned} share: an open
 * connection is <b>abandoned</b> when the thread that acquired it has ended, or no longer has the
 * acquiring method (the callsite's class and method) anywhere on its stack. A connection whose acquiring
 * method is still running is never abandoned, however long it has been held; nor is one whose thread is
 * inside JDBC code right now (a driver, a pool, {@code java.sql}: it may be using it), nor one whose
 * thread cannot be looked at (a virtual thread ConnTrack holds no reference to). Stacks come from one
 * {@link ThreadMXBean} call for all platform threads. Monitor thread.
 */
final class Abandonment {

    /** Connections held at least this long are looked at. */
    static final long LOOK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Threads looked at per test at most (the longest holders first). */
    static final int MAX_THREADS = 256;
    private static final String[] DRIVERS = {
        "org.h2.", "org.postgresql.", "org.mariadb.jdbc.", "com.mysql.", "org.hsqldb.", "org.sqlite.", "oracle.jdbc.",
        "com.microsoft.sqlserver.", "net.sourceforge.jtds.", "org.apache.derby.", "com.ibm.db2.", "org.firebirdsql.",
        "com.clickhouse.", "org.duckdb.", "net.snowflake.",
    };
    private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

    private final FrameClassifier classifier;
    /** Looked up at the first test, not at start: java.lang.management costs premain ~100 classes. */
    private ThreadMXBean threads;

    Abandonment(FrameClassifier classifier) {
        this.classifier = classifier;
    }

    /** The open application connections of pools held at least {@link #LOOK_AFTER_NANOS} that are abandoned now. */
    List<ConnectionRecord> abandoned(List<ConnectionRecord> open, long nowNanos) {
        List<ConnectionRecord> candidates = new ArrayList<>();
        for (ConnectionRecord r : open) {
            Callsite c = r.callsite();
            if (r.isOpen() && r.pool() > 0 && !c.poolOwned && c.line >= 0 && !c.methodName.isEmpty()
                    && nowNanos - r.acquiredNanos() >= LOOK_AFTER_NANOS) {
                candidates.add(r);
            }
        }
        List<ConnectionRecord> out = new ArrayList<>();
        if (candidates.isEmpty()) {
            return out;
        }
        candidates.sort(Comparator.comparingLong(ConnectionRecord::acquiredNanos));
        Map<Long, ThreadInfo> infos = new LinkedHashMap<>();
        for (ConnectionRecord r : candidates) {
            if (infos.size() >= MAX_THREADS) {
                break;
            }
            infos.putIfAbsent(r.threadId(), null);
        }
        long[] ids = infos.keySet().stream().mapToLong(Long::longValue).toArray();
        if (threads == null) {
            threads = ManagementFactory.getThreadMXBean();
        }
        for (ThreadInfo ti : threads.getThreadInfo(ids, Integer.MAX_VALUE)) {
            if (ti != null) {
                infos.put(ti.getThreadId(), ti);
            }
        }
        Map<Thread, StackTraceElement[]> virtualStacks = new IdentityHashMap<>();
        for (ConnectionRecord r : candidates) {
            if (!infos.containsKey(r.threadId())) {
                continue; // past MAX_THREADS: looked at next time
            }
            if (isAbandoned(r, infos.get(r.threadId()), virtualStacks)) {
                out.add(r);
            }
        }
        return out;
    }

    private boolean isAbandoned(ConnectionRecord r, ThreadInfo ti, Map<Thread, StackTraceElement[]> virtualStacks) {
        StackTraceElement[] stack;
        if (ti != null) {
            stack = ti.getStackTrace();
        } else {
            Object kept = r.reclaimKey();
            Thread t = kept instanceof HandleKeeper.Kept ? ((HandleKeeper.Kept) kept).thread : null;
            if (t == null) {
                return !VIRTUAL_THREADS; // ended, unless it may be a virtual thread ConnTrack cannot look at
            }
            if (!t.isAlive()) {
                return true;
            }
            stack = virtualStacks.computeIfAbsent(t, Thread::getStackTrace); // a live virtual thread
        }
        return !runs(stack, r.callsite()) && !insideJdbc(stack);
    }

    /** Whether the callsite's method is on {@code stack}. */
    static boolean runs(StackTraceElement[] stack, Callsite c) {
        for (StackTraceElement f : stack) {
            if (f.getMethodName().equals(c.methodName) && f.getClassName().equals(c.className)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the thread is running JDBC code now (java.sql, a driver or a pool): it may be using this connection. */
    boolean insideJdbc(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("java.sql.") || c.startsWith("javax.sql.") || classifier.classify(c) == FrameClassifier.Kind.POOL) {
                return true;
            }
            for (String d : DRIVERS) {
                if (c.startsWith(d)) {
                    return true;
                }
            }
        }
        return false;
    }
}
