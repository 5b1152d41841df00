package io.conntrack.timeline;

import io.conntrack.tracking.Callsite;
import java.util.List;

/**
 * The last 15 minutes of one pool, in preallocated primitive arrays: nothing is allocated per sample.
 * Two rings: one bucket a second for the last {@value #FINE} seconds, and one bucket per
 * {@value #COARSE_SECONDS} seconds for the last 15 minutes (every sample is folded into both). A bucket
 * belongs to a wall-clock second (or 15-second period): the monitor's samples, about one a second, land
 * in the bucket of their second, a second without a sample stays empty. Gauges are stored as
 * {@code char} (0 to 65534, saturating; {@link #NONE} where the pool does not tell), the counters lost
 * and failed as {@code int} above the pool's first sample, and per tracked callsite (the pool's top
 * {@value #SITES} by leaked, then open) its open count and its leaked count above the moment it was
 * first tracked. Guarded by this: the monitor thread writes, the dump thread reads (never an
 * application thread).
 */
final class PoolTimeline {

    static final int FINE = 120;
    static final int COARSE = 60;
    static final int COARSE_SECONDS = 15;
    static final int SITES = 3;
    /** No sample in this bucket (in {@code inUse}), not told by the pool (other gauges), not tracked (callsite open). */
    static final char NONE = 0xFFFF;
    private static final char GAUGE_MAX = 0xFFFE;

    final int poolId;
    private String name;
    private final Ring fine = new Ring(FINE);
    private final Ring coarse = new Ring(COARSE);
    /** The callsites tracked, by slot (sticky: a callsite keeps its slot while it stays in the top). */
    private final Callsite[] sites = new Callsite[SITES];
    private final long[] siteLeakBase = new long[SITES];
    /** This tick's top callsites, reused. */
    private final Callsite[] top = new Callsite[SITES];
    private final long[] topLeaked = new long[SITES];
    private final long[] topOpen = new long[SITES];
    private long lostBase;
    private long failedBase;
    private long firstSecond = Long.MIN_VALUE;
    private long lastMillis;
    private long firstFailureMillis = -1;

    PoolTimeline(int poolId) {
        this.poolId = poolId;
    }

    /** One monitor sample; {@code sites} are the pool's callsites (application ones are looked at). */
    synchronized void sample(long nowMillis, String poolName, long inUse, long lost, long max, long active, long idle,
                             long waiting, long failed, long firstFailed, List<Callsite> poolSites) {
        long second = Math.floorDiv(nowMillis, 1000);
        if (firstSecond == Long.MIN_VALUE) {
            firstSecond = second;
            lostBase = lost;
            failedBase = failed;
        }
        if (poolName != null && !poolName.equals(name)) {
            name = poolName;
        }
        if (firstFailureMillis < 0 && failed > 0) {
            firstFailureMillis = firstFailed > 0 ? firstFailed : nowMillis; // else the first sample that saw one
        }
        lastMillis = nowMillis;
        chooseSites(poolSites);
        int f = fine.advance(second);
        int c = coarse.advance(Math.floorDiv(second, COARSE_SECONDS));
        boolean fold = coarse.has(c);
        char cInUse = gauge(inUse);
        char cWaiting = gauge(waiting);
        char cActive = gauge(active);
        char cIdle = gauge(idle);
        char cMax = gauge(max);
        int oLost = offset(lost, lostBase);
        int oFailed = offset(failed, failedBase);
        fine.inUse[f] = cInUse;
        fine.waiting[f] = cWaiting;
        fine.active[f] = cActive;
        fine.idle[f] = cIdle;
        fine.max[f] = cMax;
        fine.lost[f] = oLost;
        fine.failed[f] = oFailed;
        coarse.inUse[c] = fold ? higher(coarse.inUse[c], cInUse) : cInUse;
        coarse.waiting[c] = fold ? higher(coarse.waiting[c], cWaiting) : cWaiting;
        coarse.active[c] = fold ? higher(coarse.active[c], cActive) : cActive;
        coarse.idle[c] = fold ? lower(coarse.idle[c], cIdle) : cIdle;
        coarse.max[c] = cMax == NONE && fold ? coarse.max[c] : cMax;
        coarse.lost[c] = oLost;
        coarse.failed[c] = oFailed;
        for (int k = 0; k < SITES; k++) {
            Callsite s = sites[k];
            char open = s == null ? NONE : gauge(s.open());
            int leaked = s == null ? 0 : offset(s.leakedCount(), siteLeakBase[k]);
            fine.siteOpen[f * SITES + k] = open;
            fine.siteLeaked[f * SITES + k] = leaked;
            int ci = c * SITES + k;
            coarse.siteOpen[ci] = fold && coarse.siteOpen[ci] != NONE ? higher(coarse.siteOpen[ci], open) : open;
            coarse.siteLeaked[ci] = leaked;
        }
    }

    /**
     * This tick's top callsites of the pool (application ones with something leaked or open; most
     * leaked, then most open), each kept in the slot it had; one that enters takes a free slot or the
     * slot of one that left the top, whose history is cleared.
     */
    private void chooseSites(List<Callsite> poolSites) {
        int n = 0;
        for (int i = 0; i < poolSites.size(); i++) {
            Callsite s = poolSites.get(i);
            long leaked = s.leakedCount();
            long open = s.open();
            if (s.poolOwned || leaked == 0 && open == 0) {
                continue;
            }
            int at = n;
            while (at > 0 && (leaked > topLeaked[at - 1] || leaked == topLeaked[at - 1] && open > topOpen[at - 1])) {
                at--;
            }
            if (at >= SITES) {
                continue;
            }
            for (int j = Math.min(n, SITES - 1); j > at; j--) {
                top[j] = top[j - 1];
                topLeaked[j] = topLeaked[j - 1];
                topOpen[j] = topOpen[j - 1];
            }
            top[at] = s;
            topLeaked[at] = leaked;
            topOpen[at] = open;
            n = Math.min(n + 1, SITES);
        }
        for (int i = 0; i < n; i++) {
            if (slotOf(top[i]) >= 0) {
                continue;
            }
            int free = -1;
            for (int k = 0; k < SITES && free < 0; k++) {
                if (sites[k] == null || !inTop(sites[k], n)) {
                    free = k;
                }
            }
            sites[free] = top[i];
            siteLeakBase[free] = top[i].leakedCount();
            fine.clearSite(free);
            coarse.clearSite(free);
        }
        for (int i = 0; i < SITES; i++) {
            top[i] = null; // hold no callsite beyond the tick but the tracked ones
        }
    }

    private int slotOf(Callsite s) {
        for (int k = 0; k < SITES; k++) {
            if (sites[k] == s) {
                return k;
            }
        }
        return -1;
    }

    private boolean inTop(Callsite s, int n) {
        for (int i = 0; i < n; i++) {
            if (top[i] == s) {
                return true;
            }
        }
        return false;
    }

    synchronized long lastMillis() {
        return lastMillis;
    }

    /**
     * The samples not older than {@code spanMillis} before {@code nowMillis}, oldest first: once the fine
     * ring has dropped a second, the coarse periods up to the end of the one its oldest second lies in,
     * then the fine seconds after that.
     */
    synchronized TimelineSnapshot.PoolSeries snapshot(long nowMillis, long spanMillis) {
        if (firstSecond == Long.MIN_VALUE) {
            return null;
        }
        long oldestMillis = nowMillis - spanMillis;
        long fineStart = Math.max(firstSecond, fine.last - FINE + 1);
        boolean fineLostSome = firstSecond < fineStart;
        if (fineLostSome) { // the coarse periods go up to the end of the one the fine window starts in: no gap, no overlap
            fineStart = Math.floorDiv(fineStart + COARSE_SECONDS - 1, COARSE_SECONDS) * COARSE_SECONDS;
        }
        int count = 0;
        int coarseCount = 0;
        for (long p = coarse.last - COARSE + 1; p <= coarse.last; p++) {
            if (fineLostSome && coarseWanted(p, fineStart, oldestMillis)) {
                count++;
                coarseCount++;
            }
        }
        for (long s = fineStart; s <= fine.last; s++) {
            if (fine.has(fine.index(s)) && s * 1000 >= oldestMillis) {
                count++;
            }
        }
        TimelineSnapshot.PoolSeries out = new TimelineSnapshot.PoolSeries(poolId, name, firstFailureMillis, coarseCount, count);
        for (int k = 0; k < SITES; k++) {
            out.siteNames[k] = sites[k] == null ? null : sites[k].frame;
        }
        int i = 0;
        for (long p = coarse.last - COARSE + 1; p <= coarse.last; p++) {
            if (fineLostSome && coarseWanted(p, fineStart, oldestMillis)) {
                copy(coarse, coarse.index(p), p * COARSE_SECONDS * 1000, out, i++);
            }
        }
        for (long s = fineStart; s <= fine.last; s++) {
            if (fine.has(fine.index(s)) && s * 1000 >= oldestMillis) {
                copy(fine, fine.index(s), s * 1000, out, i++);
            }
        }
        return out;
    }

    /** A coarse period that started before the fine window and holds a sample not older than the span. */
    private boolean coarseWanted(long period, long fineStart, long oldestMillis) {
        long start = period * COARSE_SECONDS;
        return start < fineStart && (start + COARSE_SECONDS) * 1000 > oldestMillis && start + COARSE_SECONDS > firstSecond
                && coarse.has(coarse.index(period));
    }

    private void copy(Ring r, int b, long timeMillis, TimelineSnapshot.PoolSeries out, int i) {
        out.timeMillis[i] = timeMillis;
        out.inUse[i] = value(r.inUse[b]);
        out.waiting[i] = value(r.waiting[b]);
        out.active[i] = value(r.active[b]);
        out.idle[i] = value(r.idle[b]);
        out.max[i] = value(r.max[b]);
        out.lost[i] = lostBase + r.lost[b];
        out.failed[i] = failedBase + r.failed[b];
        for (int k = 0; k < SITES; k++) {
            char open = r.siteOpen[b * SITES + k];
            out.siteOpen[k][i] = value(open);
            out.siteLeaked[k][i] = open == NONE ? -1 : siteLeakBase[k] + r.siteLeaked[b * SITES + k];
        }
    }

    /** Bytes this timeline's arrays take (each array's header of 16 bytes and its elements, 8-byte aligned). */
    static long arrayBytes() {
        long ring = 0;
        for (int n : new int[] {FINE, COARSE}) {
            ring += 5 * array(n, 2) + 2 * array(n, 4) + array(n * SITES, 2) + array(n * SITES, 4);
        }
        return ring + 2 * array(SITES, 4) + 3 * array(SITES, 8); // sites and top (compressed references), three long[]
    }

    private static long array(long length, int elementBytes) {
        return (16 + length * elementBytes + 7) / 8 * 8;
    }

    private static long value(char c) {
        return c == NONE ? -1 : c;
    }

    static char gauge(long v) {
        return v < 0 ? NONE : v >= GAUGE_MAX ? GAUGE_MAX : (char) v;
    }

    static int offset(long v, long base) {
        long d = v - base;
        return d <= 0 ? 0 : d >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) d;
    }

    private static char higher(char a, char b) {
        return a == NONE ? b : b == NONE ? a : (char) Math.max(a, b);
    }

    private static char lower(char a, char b) {
        return a == NONE ? b : b == NONE ? a : (char) Math.min(a, b);
    }

    /** One tier: buckets by stamp (a second, or a 15-second period) modulo its length. */
    static final class Ring {
        final int n;
        final char[] inUse;
        final char[] waiting;
        final char[] active;
        final char[] idle;
        final char[] max;
        final int[] lost;
        final int[] failed;
        final char[] siteOpen;
        final int[] siteLeaked;
        /** The stamp of the newest bucket. */
        long last = Long.MIN_VALUE;

        Ring(int n) {
            this.n = n;
            inUse = new char[n];
            waiting = new char[n];
            active = new char[n];
            idle = new char[n];
            max = new char[n];
            lost = new int[n];
            failed = new int[n];
            siteOpen = new char[n * SITES];
            siteLeaked = new int[n * SITES];
            java.util.Arrays.fill(inUse, NONE);
            java.util.Arrays.fill(siteOpen, NONE);
        }

        int index(long stamp) {
            return (int) Math.floorMod(stamp, (long) n);
        }

        boolean has(int i) {
            return inUse[i] != NONE;
        }

        /**
         * Makes {@code stamp}'s bucket the newest, emptying the buckets of the stamps skipped, and returns
         * it. A stamp older than the newest (the wall clock went back) lands in the newest bucket.
         */
        int advance(long stamp) {
            if (last != Long.MIN_VALUE && stamp <= last) {
                return index(last);
            }
            if (last == Long.MIN_VALUE || stamp - last >= n) {
                for (int i = 0; i < n; i++) {
                    clear(i);
                }
            } else {
                for (long s = last + 1; s <= stamp; s++) {
                    clear(index(s));
                }
            }
            last = stamp;
            return index(stamp);
        }

        private void clear(int i) {
            inUse[i] = NONE;
            for (int k = 0; k < SITES; k++) {
                siteOpen[i * SITES + k] = NONE;
            }
        }

        void clearSite(int k) {
            for (int i = 0; i < n; i++) {
                siteOpen[i * SITES + k] = NONE;
            }
        }
    }
}
