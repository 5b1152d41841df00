package io.conntrack.timeline;

import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pools' flight recorder: per pool a {@link PoolTimeline} of the last 15 minutes, and the times of
 * the last {@value #MAX_TRIGGERS} triggers that became dump requests. Fed by the monitor thread (one
 * {@link #sample} per pool and tick, one {@link #trigger} per dump request), read by the dump thread
 * ({@link #snapshot}); never by an application thread. Memory is fixed: 7,168 bytes per pool (6,952 of them the arrays, {@link #bytesPerPool})
 * recorded (at most {@value #MAX_POOLS}: a pool's slot is freed 15 minutes after its last sample) and
 * 1.1 KB for the triggers. A pool garbage-collected and forgotten ({@link #poolGone}) keeps its samples
 * until a new pool needs its slot. A pool that finds every slot taken is said once, and gets one when
 * a slot frees. A failure of its own switches it off with one line; dumps then carry an empty timeline.
 */
public final class FlightRecorder {

    public static final int MAX_POOLS = 32;
    static final int MAX_TRIGGERS = 64;
    static final long SPAN_MILLIS = TimeUnit.SECONDS.toMillis(TimelineSnapshot.SPAN_SECONDS);

    private final Consumer<String> log;
    private final Consumer<String> warn;
    /** Guarded by itself (slots); each timeline guards its own samples. */
    private final PoolTimeline[] pools = new PoolTimeline[MAX_POOLS];
    /** Slots whose pool was collected and forgotten: their id may come again as another pool's. */
    private final boolean[] gone = new boolean[MAX_POOLS];
    private boolean fullSaid;
    /** Guarded by {@code triggerAt}. */
    private final long[] triggerAt = new long[MAX_TRIGGERS];
    private final String[] triggerType = new String[MAX_TRIGGERS];
    private final String[] triggerCallsite = new String[MAX_TRIGGERS];
    private int triggerNext;
    private int triggerCount;
    private volatile boolean off;

    public FlightRecorder(Consumer<String> log) {
        this(log, log);
    }

    /** {@code log} says a failure of its own, {@code warn} that every slot is taken. */
    public FlightRecorder(Consumer<String> log, Consumer<String> warn) {
        this.log = log;
        this.warn = warn;
    }

    /**
     * One sample of pool {@code poolId}: ConnTrack's in use and lost, the pool's own max, active, idle
     * and waiting (-1 where it does not tell), its failed acquisitions so far and when the first one
     * threw (0: none, or not known), and its callsites (the top ones are recorded). Monitor thread.
     */
    public void sample(long nowMillis, int poolId, String name, long inUse, long lost, long max, long active, long idle,
                       long waiting, long failed, long firstFailureMillis, List<Callsite> sites) {
        if (off) {
            return;
        }
        try {
            PoolTimeline t = timelineOf(poolId, nowMillis, name);
            if (t != null) {
                t.sample(nowMillis, name, inUse, lost, max, active, idle, waiting, failed, firstFailureMillis, sites);
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** A trigger became a dump request. Monitor thread. */
    public void trigger(long atMillis, String type, String callsite) {
        if (off) {
            return;
        }
        try {
            synchronized (triggerAt) {
                triggerAt[triggerNext] = atMillis;
                triggerType[triggerNext] = type;
                triggerCallsite[triggerNext] = callsite;
                triggerNext = (triggerNext + 1) % MAX_TRIGGERS;
                triggerCount = Math.min(MAX_TRIGGERS, triggerCount + 1);
            }
        } catch (Throwable e) {
            fail(e);
        }
    }

    /** What the recorder holds now, the last 15 minutes before {@code nowMillis}; empty when it is off. */
    public TimelineSnapshot snapshot(long nowMillis) {
        if (off) {
            return TimelineSnapshot.EMPTY;
        }
        try {
            List<TimelineSnapshot.TriggerMark> marks = new ArrayList<>();
            synchronized (triggerAt) {
                for (int i = 0; i < triggerCount; i++) {
                    int at = Math.floorMod(triggerNext - triggerCount + i, MAX_TRIGGERS);
                    if (triggerAt[at] >= nowMillis - SPAN_MILLIS) {
                        marks.add(new TimelineSnapshot.TriggerMark(triggerAt[at], triggerType[at], triggerCallsite[at]));
                    }
                }
            }
            List<PoolTimeline> timelines = new ArrayList<>();
            synchronized (pools) {
                for (PoolTimeline t : pools) {
                    if (t != null) {
                        timelines.add(t);
                    }
                }
            }
            timelines.sort((a, b) -> Integer.compare(a.poolId, b.poolId));
            List<TimelineSnapshot.PoolSeries> series = new ArrayList<>();
            for (PoolTimeline t : timelines) {
                TimelineSnapshot.PoolSeries s = t.snapshot(nowMillis, SPAN_MILLIS);
                if (s != null && s.size() > 0) {
                    series.add(s);
                }
            }
            return new TimelineSnapshot(marks, series);
        } catch (Throwable e) {
            fail(e);
            return TimelineSnapshot.EMPTY;
        }
    }

    /** Bytes one pool's timeline holds in its arrays (the objects around them add about 150). */
    public static long bytesPerPool() {
        return PoolTimeline.arrayBytes();
    }

    /** Pool {@code poolId} was garbage-collected and is forgotten: its slot goes to the next pool that needs one. Monitor thread. */
    public void poolGone(int poolId) {
        synchronized (pools) {
            for (int i = 0; i < MAX_POOLS; i++) {
                if (pools[i] != null && pools[i].poolId == poolId) {
                    gone[i] = true;
                }
            }
        }
    }

    /**
     * The pool's timeline: its slot, a free one, the slot of a pool not sampled for 15 minutes, else that of
     * the collected pool sampled last the longest ago; null when all are taken by pools still there.
     */
    private PoolTimeline timelineOf(int poolId, long nowMillis, String name) {
        synchronized (pools) {
            int free = -1;
            int goneSlot = -1;
            for (int i = 0; i < MAX_POOLS; i++) {
                PoolTimeline t = pools[i];
                if (t != null && t.poolId == poolId && !gone[i]) {
                    return t;
                }
                if (free < 0 && (t == null || nowMillis - t.lastMillis() > SPAN_MILLIS)) {
                    free = i;
                }
                if (t != null && gone[i] && (goneSlot < 0 || t.lastMillis() < pools[goneSlot].lastMillis())) {
                    goneSlot = i;
                }
            }
            if (free < 0) {
                free = goneSlot;
            }
            if (free < 0) {
                if (!fullSaid) {
                    fullSaid = true;
                    warn.accept("the pools' timeline keeps " + MAX_POOLS + " pools and all are in use: pool '" + name + "' and any"
                            + " later one get no timeline in dumps until a slot frees (a pool garbage-collected, or not"
                            + " sampled for 15 minutes). Said once.");
                }
                return null;
            }
            PoolTimeline t = new PoolTimeline(poolId);
            pools[free] = t;
            gone[free] = false;
            return t;
        }
    }

    private void fail(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
            throw (VirtualMachineError) e;
        }
        if (!off) {
            off = true;
            log.accept("the pools' timeline failed and is now off (dumps carry an empty timeline; the rest of ConnTrack goes on): "
                    + Failures.describe(e));
        }
    }
}
