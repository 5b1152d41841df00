package io.conntrack.tracking;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The tracker's work that happens on the monitor's thread, never on the hot path: counting connections
 * the GC found unclosed, ending the ones their pool took back, unlinking ended records, and handing the
 * monitor what the hot path noted for triggers (callsites over {@code limit}, the total over
 * {@code totalLimit}, connections held too long).
 */
public final class Housekeeper {

    private final Tracker tracker;
    /** Follows an application connection to the connections behind it. */
    private final Delegates delegates = new Delegates();

    Housekeeper(Tracker tracker) {
        this.tracker = tracker;
    }

    /**
     * Waits up to {@code timeoutMillis} for connections collected while open and counts them as
     * leaked. Returns how many application connections it found leaked.
     */
    public int processCollected(long timeoutMillis) throws InterruptedException {
        int leaks = 0;
        Reference<?> ref = timeoutMillis > 0 ? tracker.collected.remove(timeoutMillis) : tracker.collected.poll();
        while (ref != null) {
            ConnectionRecord r = ref instanceof ConnectionRecord ? (ConnectionRecord) ref : null; // null: wakeUp()
            if (r != null && r.end(ConnectionRecord.LEAKED)) {
                if (!r.callsite.poolOwned) {
                    keepEvidence(r); // before the listeners hear of it: a dump they ask for shows it
                    leaks++;
                }
                tracker.release(r, ConnectionRecord.LEAKED, tracker.clock.nanoTime());
            }
            ref = tracker.collected.poll();
        }
        if (leaks > 0 && tracker.config.totalLimit > 0) {
            tracker.checkTotalLimit(tracker.application.open(), tracker.applicationLeaked);
        }
        return leaks;
    }

    /**
     * A leaked connection's evidence, kept by its callsite once its handle is gone: when and by whom it
     * was acquired, and its acquiring stack (rendered now, off the hot path) with its path for {@link Blame}.
     */
    private void keepEvidence(ConnectionRecord r) {
        long nowNanos = tracker.clock.nanoTime();
        long nowMillis = System.currentTimeMillis();
        StackTraceElement[] frames = r.stack();
        List<String> rendered = null;
        if (frames != null) {
            rendered = new ArrayList<>(frames.length);
            for (StackTraceElement f : frames) {
                rendered.add(Frames.render(f));
            }
            if (!r.pathCounted) {
                r.pathCounted = true;
                r.callsite.evidence().path(frames, CallsiteEvidence.LEAKED, tracker.classifier());
            }
        }
        r.callsite.evidence().leaked(new LeakedConnection(r.acquiredAtMillis(nowNanos, nowMillis), nowMillis, r.threadName,
                r.threadId, rendered == null ? null : Collections.unmodifiableList(rendered)));
    }

    /**
     * Counts the paths of the closed connections with a kept stack that the hot path handed over (a
     * suspicious callsite's, for {@link Blame}). Returns how many.
     */
    public int analyseStacks() {
        ConnectionRecord r = tracker.closedWithStack.getAndSet(null);
        int n = 0;
        while (r != null) {
            ConnectionRecord next = r.nextEnded;
            r.nextEnded = null;
            tracker.analysing.decrementAndGet();
            StackTraceElement[] frames = r.stack();
            if (frames != null && !r.pathCounted) {
                r.pathCounted = true;
                r.callsite.evidence().path(frames, r.holdReported ? CallsiteEvidence.HELD_LONG : CallsiteEvidence.CLOSED,
                        tracker.classifier());
                n++;
            }
            r = next;
        }
        return n;
    }

    /** Ends a {@link #processCollected} wait now (the monitor's, when the JVM exits). */
    public void wakeUp() {
        new WeakReference<>(new Object(), tracker.collected).enqueue();
    }

    /**
     * Ends the application records whose connection a pool took back: HikariCP's
     * {@code evictConnection}, DBCP2's {@code invalidateConnection} or abandoned-connection removal close
     * the physical (pool-owned) connection under the proxy the application holds, which is then never
     * closed, or closed long after, or collected (a false leak). So when pool-owned connections were
     * closed, every open application connection that leads to one of them through its fields (the
     * proxy's delegate, a wrapper's, ...; see {@link Delegates}) is ended as closed now. Returns how many
     * it ended.
     */
    public int endTakenBack() {
        ConnectionRecord r = tracker.closedPhysical.getAndSet(null);
        if (r == null) {
            return 0;
        }
        Set<Object> physical = Collections.newSetFromMap(new IdentityHashMap<>());
        while (r != null) {
            Object c = r.get();
            if (c != null) {
                physical.add(c);
            }
            r.clear();
            ConnectionRecord next = r.nextEnded;
            r.nextEnded = null;
            r = next;
        }
        if (physical.isEmpty()) {
            return 0;
        }
        List<ConnectionRecord> takenBack = new ArrayList<>();
        tracker.open.forEachOpen(a -> {
            if (!a.callsite.poolOwned) {
                Object proxy = a.get();
                if (proxy != null && delegates.leadToAny(proxy, physical)) {
                    takenBack.add(a);
                }
            }
        });
        int n = 0;
        long now = tracker.clock.nanoTime();
        for (ConnectionRecord a : takenBack) {
            if (a.end(ConnectionRecord.CLOSED)) { // unless the application closed it meanwhile
                tracker.release(a, ConnectionRecord.CLOSED, now);
                n++;
            }
        }
        return n;
    }

    /**
     * Ends as closed an open application record whose connection ConnTrack is giving back to its pool
     * ({@code reclaim=abandoned}): its callsite and pool count it closed now, held until now. False when
     * the application closed it first. Any thread (a pool-call worker).
     */
    public boolean endReclaimed(ConnectionRecord r) {
        if (!r.end(ConnectionRecord.CLOSED)) {
            return false;
        }
        tracker.release(r, ConnectionRecord.CLOSED, tracker.clock.nanoTime());
        return true;
    }

    /** Unlinks ended records. Also samples the application total for its peak. */
    public void sweep() {
        tracker.open.sweep();
        tracker.application.samplePeak();
    }

    /**
     * Takes every callsite that passed {@code limit} since the last call, in the order they did (each
     * once); the next acquisition of one over the limit reports it again.
     */
    public List<Callsite> takeOverLimit() {
        Callsite c = tracker.overLimit.getAndSet(null);
        List<Callsite> out = new ArrayList<>();
        while (c != null) {
            Callsite next = c.nextOverLimit;
            c.nextOverLimit = null;
            c.limitTaken(); // after reading next: a push that follows links it anew
            out.add(c);
            c = next;
        }
        Collections.reverse(out);
        return out;
    }

    /** Application connections collected while open, so far. */
    public long applicationLeaked() {
        return tracker.applicationLeaked;
    }

    /** Returns and clears the application total seen above {@code totalLimit}, or 0. */
    public long takeOverTotal() {
        return tracker.overTotal.getAndSet(0);
    }

    /**
     * Open connections held longer than {@code holdThreshold} that were not reported before.
     *
     * @param consume mark them reported (and their callsites suspicious), so they are returned once
     */
    public List<ConnectionRecord> newlyHeldTooLong(boolean consume) {
        List<ConnectionRecord> out = new ArrayList<>();
        long threshold = tracker.config.holdThresholdMillis * 1_000_000L;
        if (threshold <= 0) {
            return out;
        }
        long now = tracker.clock.nanoTime();
        tracker.open.forEachOpen(r -> {
            if (!r.holdReported && !r.callsite.poolOwned && now - r.acquiredNanos > threshold) {
                if (consume) {
                    r.holdReported = true;
                    r.callsite.markSuspicious(now);
                }
                out.add(r);
            }
        });
        if (consume) {
            for (ConnectionRecord r : out) {
                StackTraceElement[] frames = r.stack();
                if (frames != null && !r.pathCounted) {
                    r.pathCounted = true; // held too long now, whatever happens to it later
                    r.callsite.evidence().path(frames, CallsiteEvidence.HELD_LONG, tracker.classifier());
                }
            }
        }
        return out;
    }
}
