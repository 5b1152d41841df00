package io.conntrack.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pool of one JVM over the time its dumps cover: the timelines of all its dumps merged by sample
 * time (a later dump's sample of the same second wins; a 15-second aggregate gives way to the fine
 * samples inside its period), with its top callsites' columns.
 */
final class PoolHistory {

    /** One sample; -1 where unknown. */
    static final class Sample {
        final long time;
        final boolean coarse;
        final long inUse;
        final long lost;
        final long failed;
        final long waiting;
        final long max;
        final long active;
        final long idle;

        Sample(long time, boolean coarse, long inUse, long lost, long failed, long waiting, long max, long active, long idle) {
            this.time = time;
            this.coarse = coarse;
            this.inUse = inUse;
            this.lost = lost;
            this.failed = failed;
            this.waiting = waiting;
            this.max = max;
            this.active = active;
            this.idle = idle;
        }

        /** Connections the pool cannot hand out: in use as it counts them, else ConnTrack's in use plus the lost. */
        long used() {
            return active >= 0 ? active : Math.max(0, inUse) + Math.max(0, lost);
        }
    }

    final int id;
    String name;
    private final TreeMap<Long, Sample> byTime = new TreeMap<>();
    private final Map<String, TreeMap<Long, long[]>> siteColumns = new LinkedHashMap<>();
    private int coarseStepMillis = 15_000;
    long firstFailureAtMillis = -1;
    private List<Sample> samples;

    PoolHistory(int id, String name) {
        this.id = id;
        this.name = name;
    }

    /** Adds one dump's series; dumps come oldest first. */
    void add(DumpData.Series s, int coarseStepSeconds) {
        name = s.name;
        coarseStepMillis = coarseStepSeconds * 1000;
        if (s.firstFailureAtMillis > 0 && (firstFailureAtMillis < 0 || s.firstFailureAtMillis < firstFailureAtMillis)) {
            firstFailureAtMillis = s.firstFailureAtMillis;
        }
        for (int i = 0; i < s.time.length; i++) {
            boolean coarse = i < s.coarseSamples;
            Sample old = byTime.get(s.time[i]);
            if (coarse && old != null && !old.coarse) {
                continue; // a fine sample of that second is better
            }
            byTime.put(s.time[i], new Sample(s.time[i], coarse, s.inUse[i], s.lost[i], s.failed[i], s.waiting[i], s.max[i],
                    s.active[i], s.idle[i]));
            for (Map.Entry<String, long[][]> c : s.sites.entrySet()) {
                long open = c.getValue()[0][i];
                long leaked = c.getValue()[1][i];
                if (open >= 0 || leaked >= 0) {
                    siteColumns.computeIfAbsent(c.getKey(), k -> new TreeMap<>()).put(s.time[i], new long[] {open, leaked});
                }
            }
        }
        samples = null;
    }

    /** The merged samples, oldest first. */
    List<Sample> samples() {
        if (samples == null) {
            List<Sample> out = new ArrayList<>();
            for (Sample s : byTime.values()) {
                if (s.coarse && hasFine(s.time, s.time + coarseStepMillis)) {
                    continue;
                }
                out.add(s);
            }
            samples = Collections.unmodifiableList(out);
        }
        return samples;
    }

    private boolean hasFine(long from, long to) {
        for (Sample s : byTime.subMap(from, true, to, false).values()) {
            if (!s.coarse) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return byTime.isEmpty();
    }

    /** The callsites with columns, and per callsite its (open, leaked) by sample time. */
    Map<String, TreeMap<Long, long[]>> sites() {
        return siteColumns;
    }

    long lastFailed() {
        List<Sample> s = samples();
        return s.isEmpty() ? 0 : Math.max(0, s.get(s.size() - 1).failed);
    }

    long lastLost() {
        List<Sample> s = samples();
        return s.isEmpty() ? 0 : Math.max(0, s.get(s.size() - 1).lost);
    }

    /** When the first sample showed a lost connection; -1 if none did. */
    long firstLossMillis() {
        for (Sample s : samples()) {
            if (s.lost > 0) {
                return s.time;
            }
        }
        return -1;
    }

    /** When the pool first had nothing left to hand out; -1 if never (or its max is unknown). */
    long exhaustedMillis() {
        for (Sample s : samples()) {
            if (s.max > 0 && s.used() >= s.max) {
                return s.time;
            }
        }
        return -1;
    }

    /** The last sample in which the failed count grew; -1 if it never did. */
    long lastFailureMillis() {
        long last = -1;
        long before = 0;
        for (Sample s : samples()) {
            if (s.failed > before) {
                last = s.time;
            }
            before = Math.max(before, s.failed);
        }
        return last;
    }

    /** True when the failed count still grew at the last sample: the impact had not ended. */
    boolean failingAtTheEnd() {
        List<Sample> s = samples();
        int n = s.size();
        return n >= 2 && s.get(n - 1).failed > s.get(n - 2).failed;
    }

    long lastMax() {
        List<Sample> s = samples();
        for (int i = s.size() - 1; i >= 0; i--) {
            if (s.get(i).max > 0) {
                return s.get(i).max;
            }
        }
        return -1;
    }
}
