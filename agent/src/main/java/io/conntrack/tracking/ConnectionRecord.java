package io.conntrack.tracking;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * What the agent knows about one open connection. Weak: the agent never keeps a connection
 * reachable. When the connection is collected while still open, the record arrives on the reference
 * queue and is counted as a leak. The one allocation of an acquisition.
 */
public final class ConnectionRecord extends WeakReference<Object> {

    static final int OPEN = 0;
    static final int CLOSED = 1;
    static final int LEAKED = 2;
    private static final AtomicIntegerFieldUpdater<ConnectionRecord> STATE =
            AtomicIntegerFieldUpdater.newUpdater(ConnectionRecord.class, "state");

    final Callsite callsite;
    final long acquiredNanos;
    final long threadId;
    final String threadName;
    /** The acquiring stack when captured (see {@code stacks}), else null. */
    private final AcquireStack stack;
    final int hash;
    /** Next record in the same bucket of {@link OpenConnections}. */
    volatile ConnectionRecord next;
    private volatile int state;
    /**
     * Next on one of the tracker's stacks of ended records: pool-owned records just closed (for
     * {@code Housekeeper.endTakenBack}), or application records whose kept stack is to be analysed
     * ({@code Housekeeper.analyseStacks}); a record is only ever on the one of its kind.
     */
    ConnectionRecord nextEnded;
    /** Set once this record was held past {@code holdThreshold} (reported by the hold check, or closed late). */
    volatile boolean holdReported;
    /** Set once its kept stack counted in its callsite's paths (so a long hold then closed counts once). Housekeeper only. */
    boolean pathCounted;
    /**
     * The test scope ({@code ConnTrack.beginScope}) the acquiring thread was in, 0 for none. Written
     * once before the record is published (a CAS in {@link OpenConnections#add}), read after.
     */
    long scope;
    /**
     * The id of the pool ({@code io.conntrack.pools.PoolRegistry}) whose {@code getConnection()} the
     * application called, 0 for none (a driver, a pool-owned connection). Written before publication, as {@link #scope}.
     */
    int pool;
    /**
     * With {@code reclaim} on: what the pool needs to find this connection's entry again ({@link ReclaimHooks#keep}),
     * else null. Written before publication, as {@link #scope}; taken by the reclaimer.
     */
    Object reclaim;

    ConnectionRecord(Object connection, int hash, ReferenceQueue<Object> queue, Callsite callsite, long acquiredNanos,
                     Thread thread, AcquireStack stack) {
        super(connection, queue);
        this.hash = hash;
        this.callsite = callsite;
        this.acquiredNanos = acquiredNanos;
        this.threadId = thread.getId();
        this.threadName = thread.getName();
        this.stack = stack;
    }

    public boolean isOpen() {
        return state == OPEN;
    }

    /** Garbage-collected while open: counted as leaked by the monitor. */
    public boolean isLeaked() {
        return state == LEAKED;
    }

    public long scope() {
        return scope;
    }

    /** True for exactly one caller: the close (or the leak) that ends this record. */
    boolean end(int how) {
        return STATE.compareAndSet(this, OPEN, how);
    }

    /** The pool id this connection came from, 0 for none. */
    public int pool() {
        return pool;
    }

    /** What {@link ReclaimHooks#keep} kept for this connection, or null. */
    public Object reclaimKey() {
        return reclaim;
    }

    /** Drops what was kept for reclaiming (the reclaimer took it, or gave up). */
    public void dropReclaimKey() {
        reclaim = null;
    }

    public Callsite callsite() {
        return callsite;
    }

    public long acquiredNanos() {
        return acquiredNanos;
    }

    public long threadId() {
        return threadId;
    }

    public String threadName() {
        return threadName;
    }

    /** When it was acquired, on the wall clock, given the tracker's time now. */
    long acquiredAtMillis(long nowNanos, long nowMillis) {
        return nowMillis - (nowNanos - acquiredNanos) / 1_000_000;
    }

    /** Whether the acquiring stack was captured (it counts against its callsite's {@code MAX_STACKS_HELD}). */
    boolean hasStack() {
        return stack != null;
    }

    /** The acquiring stack, resolved now (costly: dump time only), or null when not captured. */
    public StackTraceElement[] stack() {
        return stack == null ? null : stack.frames();
    }
}
