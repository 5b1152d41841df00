package io.conntrack.tracking;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

/**
 * One place in the code that acquires connections, with its counters. All updates are lock-free:
 * {@code open} is a single atomic (limits and the peak need an exact value), everything else that
 * changes on every acquisition is a {@link LongAdder} or a max updated only when exceeded.
 */
public final class Callsite {

    private static final AtomicLongFieldUpdater<Callsite> OPEN = AtomicLongFieldUpdater.newUpdater(Callsite.class, "open");
    private static final AtomicLongFieldUpdater<Callsite> PEAK = AtomicLongFieldUpdater.newUpdater(Callsite.class, "peak");
    private static final AtomicLongFieldUpdater<Callsite> LEAKED = AtomicLongFieldUpdater.newUpdater(Callsite.class, "leaked");
    private static final AtomicLongFieldUpdater<Callsite> FAILED = AtomicLongFieldUpdater.newUpdater(Callsite.class, "failed");
    private static final AtomicLongFieldUpdater<Callsite> HOLD_MAX = AtomicLongFieldUpdater.newUpdater(Callsite.class, "holdMaxNanos");
    private static final AtomicLongFieldUpdater<Callsite> WAIT_MAX = AtomicLongFieldUpdater.newUpdater(Callsite.class, "waitMaxNanos");
    private static final AtomicIntegerFieldUpdater<Callsite> LIMIT_PENDING =
            AtomicIntegerFieldUpdater.newUpdater(Callsite.class, "limitPending");
    private static final AtomicIntegerFieldUpdater<Callsite> STACKS_HELD =
            AtomicIntegerFieldUpdater.newUpdater(Callsite.class, "stacksHeld");
    private static final AtomicIntegerFieldUpdater<Callsite> SUSPICIOUS_CAPTURES =
            AtomicIntegerFieldUpdater.newUpdater(Callsite.class, "suspiciousCaptures");

    /** Open records with an acquiring stack one callsite keeps at most (the oldest: those dumps show). */
    static final int MAX_STACKS_HELD = 64;
    /** After a leak or a long hold, the next this many acquisitions keep their stacks... */
    static final int SUSPICIOUS_CAPTURES_MAX = 256;
    /** ...within this long; each new leak or long hold starts both again. */
    static final long SUSPICIOUS_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    /** Rendered like a stack frame: {@code com.acme.OrderDao.load(OrderDao.java:42)}. */
    public final String frame;
    public final String className;
    public final String methodName;
    public final int line;
    /** Opened by a pool for itself (physical connections), not handed to application code. */
    public final boolean poolOwned;

    private final LongAdder acquired = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder holdTotalNanos = new LongAdder();
    private final LongAdder waitTotalNanos = new LongAdder();
    private final HoldHistogram holdHistogram = new HoldHistogram();
    private volatile long open;
    private volatile long peak;
    private volatile long leaked;
    private volatile long failed;
    private volatile long holdMaxNanos;
    private volatile long waitMaxNanos;
    /**
     * Until when ({@code System.nanoTime()}) this callsite is suspicious after its last leak or long hold,
     * and how many acquisitions it may still keep a stack for meanwhile; suspicion decays, so a callsite
     * that misbehaved once does not pay a stack capture on every acquisition for ever.
     */
    private volatile long suspiciousUntil;
    private volatile int suspiciousCaptures;
    /** Open records of this callsite that hold an acquiring stack. */
    private volatile int stacksHeld;
    /** 1 while this callsite is on the tracker's stack of callsites over {@code limit} not yet taken by the monitor. */
    private volatile int limitPending;
    /**
     * The pool (id) this callsite last acquired from, 0 for none: written by the hot path only when it
     * changes (a plain field: a racy write of an int is harmless), read off the hot path to group callsites by pool.
     */
    int poolId;
    /** The next callsite on that stack; written before the push, read after the monitor took the stack. */
    Callsite nextOverLimit;
    /** The open count with which this callsite last passed {@code limit}; written before the push, as {@link #nextOverLimit}. */
    long openWhenOverLimit;
    /** Its kept stacks' story (recent leaks, paths); made by the housekeeper when there is one. */
    private volatile CallsiteEvidence evidence;

    Callsite(String className, String methodName, String fileName, int line, boolean poolOwned) {
        this.className = className;
        this.methodName = methodName;
        this.line = line;
        this.poolOwned = poolOwned;
        this.frame = render(className, methodName, fileName, line);
    }

    /** A named pseudo-callsite ("unknown", "other callsites"). */
    Callsite(String label, boolean poolOwned) {
        this.className = label;
        this.methodName = "";
        this.line = -1;
        this.poolOwned = poolOwned;
        this.frame = label;
    }

    static String render(String className, String methodName, String fileName, int line) {
        return Frames.render(className, methodName, fileName, line);
    }

    /** Returns the open count after this acquisition. */
    long acquired(long waitNanos) {
        acquired.increment();
        waitTotalNanos.add(waitNanos);
        raise(WAIT_MAX, waitNanos);
        long now = OPEN.incrementAndGet(this);
        if (now > peak) {
            raise(PEAK, now);
        }
        return now;
    }

    void failed(long waitNanos) {
        FAILED.incrementAndGet(this);
        raise(WAIT_MAX, waitNanos);
    }

    void closed(long heldNanos) {
        OPEN.decrementAndGet(this);
        closed.increment();
        holdTotalNanos.add(heldNanos);
        holdHistogram.record(heldNanos);
        raise(HOLD_MAX, heldNanos);
    }

    void leaked(long nowNanos) {
        OPEN.decrementAndGet(this);
        LEAKED.incrementAndGet(this);
        markSuspicious(nowNanos);
    }

    /** A leak or a long hold at {@code nowNanos}: keep the next stacks (see {@link #SUSPICIOUS_CAPTURES_MAX}). */
    void markSuspicious(long nowNanos) {
        suspiciousUntil = nowNanos + SUSPICIOUS_NANOS;
        suspiciousCaptures = SUSPICIOUS_CAPTURES_MAX;
    }

    /** Whether an acquisition at {@code nowNanos} is within the suspicion window (does not use it up). */
    boolean isSuspicious(long nowNanos) {
        return suspiciousCaptures > 0 && nowNanos - suspiciousUntil < 0;
    }

    /** Uses up one suspicious capture; false when none is left or the window is over. */
    boolean takeSuspiciousCapture(long nowNanos) {
        if (nowNanos - suspiciousUntil >= 0) {
            return false;
        }
        int n;
        do {
            n = suspiciousCaptures;
            if (n <= 0) {
                return false;
            }
        } while (!SUSPICIOUS_CAPTURES.compareAndSet(this, n, n - 1));
        return true;
    }

    /** Whether another open record may keep a stack; if so it is counted until {@link #stackReleased}. */
    boolean reserveStack() {
        int n;
        do {
            n = stacksHeld;
            if (n >= MAX_STACKS_HELD) {
                return false;
            }
        } while (!STACKS_HELD.compareAndSet(this, n, n + 1));
        return true;
    }

    /** A record keeps a stack whatever the cap (a test scope's): counted, so its release balances. */
    void stackKept() {
        STACKS_HELD.incrementAndGet(this);
    }

    /** A record that kept a stack ended (closed, leaked, taken back by its pool). */
    void stackReleased() {
        STACKS_HELD.decrementAndGet(this);
    }

    /** Open records holding a stack now. */
    int stacksHeld() {
        return stacksHeld;
    }

    /** True for the one caller that may push this callsite on the over-limit stack, until {@link #limitTaken}. */
    boolean markOverLimit() {
        return limitPending == 0 && LIMIT_PENDING.compareAndSet(this, 0, 1);
    }

    /** The monitor took this callsite off the over-limit stack: the next acquisition over the limit pushes it again. */
    void limitTaken() {
        limitPending = 0;
    }

    /** True once anything was counted here. */
    boolean used() {
        return acquired.sum() > 0 || failed > 0;
    }

    /** The pool this callsite last acquired from, 0 for none. */
    public int poolId() {
        return poolId;
    }

    public long open() {
        return open;
    }

    public long leakedCount() {
        return leaked;
    }

    /** Resets the peak to the current open count (JMX {@code resetPeaks}). */
    public void resetPeak() {
        PEAK.set(this, open);
    }

    /** This callsite's evidence, made at the first call (housekeeper). */
    CallsiteEvidence evidence() {
        CallsiteEvidence e = evidence;
        if (e == null) {
            synchronized (this) {
                if (evidence == null) {
                    evidence = new CallsiteEvidence(this);
                }
                e = evidence;
            }
        }
        return e;
    }

    /** The open count with which it last passed {@code limit} (the limit trigger's number). */
    public long openWhenOverLimit() {
        return openWhenOverLimit;
    }

    public CallsiteSnapshot snapshot() {
        long[] hist = holdHistogram.counts();
        long max = holdMaxNanos;
        CallsiteEvidence e = evidence;
        return new CallsiteSnapshot(frame, poolOwned, acquired.sum(), closed.sum(), open, peak, leaked, failed,
                Math.min(max, HoldHistogram.quantileNanos(hist, 0.50)), Math.min(max, HoldHistogram.quantileNanos(hist, 0.99)), max,
                holdTotalNanos.sum(), waitMaxNanos, waitTotalNanos.sum(), hist,
                e == null ? java.util.List.of() : e.recentLeaks(), e == null ? null : e.blame());
    }

    private void raise(AtomicLongFieldUpdater<Callsite> field, long value) {
        long cur;
        while (value > (cur = field.get(this))) {
            if (field.compareAndSet(this, cur, value)) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return frame;
    }
}
