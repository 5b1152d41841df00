package io.conntrack.reclaim;

import io.conntrack.pools.ReclaimView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ConnTrack's reclaims of one pool: counts per callsite and kind, the recent ones (the forecast's loss
 * rate leaves them out), the burst not yet warned about, and why reclaiming from this pool is off. Written
 * by a pool-call worker, read by the monitor and reporters: guarded by itself.
 */
final class PoolReclaims {

    static final long RECENT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int TIMES = 1024;

    private long lost;
    private long abandoned;
    private long alreadyBack;
    private final Map<String, Long> bySite = new LinkedHashMap<>();
    private final long[] lostTimes = new long[TIMES];
    private int next;
    private int stored;
    /** Callsite to {lost, abandoned} reclaimed since the last warning. */
    private final Map<String, long[]> burst = new LinkedHashMap<>();
    private String off;
    long lastCallNanos;

    synchronized void reclaimed(String callsite, boolean wasLost, long nowNanos) {
        if (wasLost) {
            lost++;
            lostTimes[next] = nowNanos;
            next = (next + 1) % TIMES;
            stored = Math.min(TIMES, stored + 1);
        } else {
            abandoned++;
        }
        bySite.merge(callsite, 1L, Long::sum);
        burst.computeIfAbsent(callsite, k -> new long[2])[wasLost ? 0 : 1]++;
    }

    synchronized void alreadyBack() {
        alreadyBack++;
    }

    /** Turns reclaiming from this pool off for good; true the first time (say it once). */
    synchronized boolean off(String why) {
        if (off != null) {
            return false;
        }
        off = why;
        return true;
    }

    synchronized String off() {
        return off;
    }

    synchronized long lost() {
        return lost;
    }

    synchronized long total() {
        return lost + abandoned;
    }

    /** The burst since the last warning, taken: callsite to {lost, abandoned}. */
    synchronized Map<String, long[]> takeBurst() {
        Map<String, long[]> out = new LinkedHashMap<>(burst);
        burst.clear();
        return out;
    }

    synchronized ReclaimView.Reclaims view(long nowNanos) {
        if (lost + abandoned == 0 && off == null) {
            return null;
        }
        ReclaimView.Reclaims r = new ReclaimView.Reclaims();
        r.lost = lost;
        r.abandoned = abandoned;
        for (int i = 0; i < stored; i++) {
            if (nowNanos - lostTimes[i] <= RECENT_NANOS) {
                r.lostRecently++;
            }
        }
        List<Map.Entry<String, Long>> sites = new ArrayList<>();
        for (Map.Entry<String, Long> e : bySite.entrySet()) {
            sites.add(Map.entry(e.getKey(), e.getValue()));
        }
        sites.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        r.bySite = sites;
        r.off = off;
        return r;
    }
}
