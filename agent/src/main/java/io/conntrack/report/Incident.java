package io.conntrack.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the dumps of one JVM (same pid, host and start) say together: their timelines merged per pool,
 * the triggers, and the facts a postmortem needs (first warning, first and last failed acquisition, the
 * culprit lines, the forecast and the advice).
 */
final class Incident {

    /** Triggers that are warnings (a WARN line and a dump); onDemand and exit are not. */
    static final Set<String> WARNING_TRIGGERS = Set.of("limit", "totalLimit", "holdThreshold", "leak", "forecast");
    /** Dumps of one JVM agree on its start time to within this (time and uptime are read a moment apart). */
    static final long SAME_START_MILLIS = 2000;
    static final int CULPRITS_SHOWN = 10;

    final long pid;
    final String host;
    final String jvm;
    final long startMillis;
    /** Oldest first. */
    final List<DumpData> dumps;
    /** Most failed acquisitions first, then most lost. */
    final List<PoolHistory> pools = new ArrayList<>();
    /** Every trigger seen (timelines and the dumps' own), oldest first, each once. */
    final List<DumpData.Mark> triggers = new ArrayList<>();

    private Incident(List<DumpData> dumps) {
        dumps.sort(Comparator.comparingLong((DumpData d) -> d.timeMillis).thenComparing(d -> d.file.toString()));
        this.dumps = dumps;
        DumpData first = dumps.get(0);
        this.pid = first.pid;
        this.host = first.host;
        this.jvm = last().jvm;
        this.startMillis = first.startMillis();
        Map<Integer, PoolHistory> byId = new LinkedHashMap<>();
        TreeMap<String, DumpData.Mark> marks = new TreeMap<>();
        for (DumpData d : dumps) {
            for (DumpData.Series s : d.series) {
                byId.computeIfAbsent(s.id, id -> new PoolHistory(id, s.name)).add(s, d.coarseStepSeconds);
            }
            for (DumpData.Mark m : d.marks) {
                marks.putIfAbsent(key(m.atMillis, m.type), m);
            }
        }
        for (DumpData d : dumps) { // dumps of an agent without a timeline, or whose trigger left the timeline's span
            if (d.isWarning() && !hasMarkNear(marks.values(), d)) {
                marks.put(key(d.timeMillis, d.triggerType), new DumpData.Mark(d.timeMillis, d.triggerType, d.triggerCallsite));
            }
        }
        triggers.addAll(marks.values());
        triggers.sort(Comparator.comparingLong(m -> m.atMillis));
        for (PoolHistory p : byId.values()) {
            DumpData.Pool state = pool(p.id);
            if (state != null) {
                p.name = state.name; // with the #<id> the dump adds when names repeat
            }
            if (!p.isEmpty()) {
                pools.add(p);
            }
        }
        pools.sort(Comparator.comparingLong(PoolHistory::lastFailed).thenComparingLong(PoolHistory::lastLost).reversed());
    }

    /** The dumps grouped by JVM, the worst first: most failed acquisitions, then most leaked, then the earliest warning. */
    static List<Incident> group(List<DumpData> dumps) {
        List<List<DumpData>> groups = new ArrayList<>();
        for (DumpData d : dumps) {
            List<DumpData> home = null;
            for (List<DumpData> g : groups) {
                DumpData o = g.get(0);
                if (o.pid == d.pid && o.host.equals(d.host) && Math.abs(o.startMillis() - d.startMillis()) <= SAME_START_MILLIS) {
                    home = g;
                    break;
                }
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(d);
        }
        List<Incident> out = new ArrayList<>();
        for (List<DumpData> g : groups) {
            out.add(new Incident(g));
        }
        out.sort(Comparator.comparingLong(Incident::failed).reversed()
                .thenComparing(Comparator.comparingLong(Incident::leaked).reversed())
                .thenComparingLong(i -> i.firstWarning() == null ? Long.MAX_VALUE : i.firstWarning().atMillis)
                .thenComparingLong(i -> i.pid));
        return out;
    }

    private static String key(long at, String type) {
        return String.format(java.util.Locale.ROOT, "%020d %s", at, type);
    }

    private static boolean hasMarkNear(Iterable<DumpData.Mark> marks, DumpData d) {
        for (DumpData.Mark m : marks) {
            if (m.type.equals(d.triggerType) && m.atMillis <= d.timeMillis && d.timeMillis - m.atMillis < 30_000) {
                return true;
            }
        }
        return false;
    }

    DumpData last() {
        return dumps.get(dumps.size() - 1);
    }

    /** Application acquisitions that threw, since the JVM started (the most any dump counted). */
    long failed() {
        long n = 0;
        for (DumpData d : dumps) {
            n = Math.max(n, d.failed);
        }
        return n;
    }

    long leaked() {
        long n = 0;
        for (DumpData d : dumps) {
            n = Math.max(n, d.leaked);
        }
        return n;
    }

    long lost() {
        long n = 0;
        for (PoolHistory p : pools) {
            n += p.lastLost();
        }
        return n;
    }

    DumpData.Mark firstWarning() {
        for (DumpData.Mark m : triggers) {
            if (WARNING_TRIGGERS.contains(m.type)) {
                return m;
            }
        }
        return null;
    }

    DumpData.Mark firstOf(String type) {
        for (DumpData.Mark m : triggers) {
            if (m.type.equals(type)) {
                return m;
            }
        }
        return null;
    }

    /** The message of the dump written for {@code m}, or null when that dump is not among the inputs. */
    String messageOf(DumpData.Mark m) {
        for (DumpData d : dumps) {
            if (d.triggerType.equals(m.type) && d.timeMillis >= m.atMillis && d.timeMillis - m.atMillis < 30_000) {
                return d.triggerMessage;
            }
        }
        return null;
    }

    /** The dump written for {@code m}, or null. */
    DumpData dumpOf(DumpData.Mark m) {
        for (DumpData d : dumps) {
            if (d.triggerType.equals(m.type) && d.timeMillis >= m.atMillis && d.timeMillis - m.atMillis < 30_000) {
                return d;
            }
        }
        return null;
    }

    /** When the first acquisition failed as a sample saw it; else the first dump that counted a failure; -1 if none. */
    long firstFailureMillis() {
        long first = -1;
        for (PoolHistory p : pools) {
            if (p.firstFailureAtMillis > 0 && (first < 0 || p.firstFailureAtMillis < first)) {
                first = p.firstFailureAtMillis;
            }
        }
        if (first < 0) {
            for (DumpData d : dumps) {
                if (d.failed > 0) {
                    return d.timeMillis;
                }
            }
        }
        return first;
    }

    /** True when the first failure's time comes from a sample (within about a second), false when only a dump saw it. */
    boolean firstFailureSampled() {
        for (PoolHistory p : pools) {
            if (p.firstFailureAtMillis > 0) {
                return true;
            }
        }
        return false;
    }

    /** The last sample in which a pool's failures grew, else the last dump that counted more than the one before; -1 if none. */
    long lastFailureMillis() {
        long last = -1;
        for (PoolHistory p : pools) {
            last = Math.max(last, p.lastFailureMillis());
        }
        if (last < 0) {
            long before = 0;
            for (DumpData d : dumps) {
                if (d.failed > before) {
                    last = d.timeMillis;
                }
                before = Math.max(before, d.failed);
            }
        }
        return last;
    }

    boolean failingAtTheEnd() {
        for (PoolHistory p : pools) {
            if (p.failingAtTheEnd()) {
                return true;
            }
        }
        return false;
    }

    long firstLossMillis() {
        long first = -1;
        for (PoolHistory p : pools) {
            long t = p.firstLossMillis();
            if (t > 0 && (first < 0 || t < first)) {
                first = t;
            }
        }
        return first;
    }

    long exhaustedMillis() {
        long first = -1;
        for (PoolHistory p : pools) {
            long t = p.exhaustedMillis();
            if (t > 0 && (first < 0 || t < first)) {
                first = t;
            }
        }
        return first;
    }

    /** The last dump's state of pool {@code id}, or null. */
    DumpData.Pool pool(int id) {
        for (int i = dumps.size() - 1; i >= 0; i--) {
            for (DumpData.Pool p : dumps.get(i).pools) {
                if (p.id == id) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The pools as the last dump that lists any shows them. */
    List<DumpData.Pool> poolStates() {
        for (int i = dumps.size() - 1; i >= 0; i--) {
            if (!dumps.get(i).pools.isEmpty()) {
                return dumps.get(i).pools;
            }
        }
        return List.of();
    }

    /** The first dump whose pools carry a forecast, or null. */
    DumpData firstForecastDump() {
        for (DumpData d : dumps) {
            for (DumpData.Pool p : d.pools) {
                if (p.forecast != null) {
                    return d;
                }
            }
        }
        return null;
    }

    /** The application callsites worth showing, as the last dump ranks them (leaked, over limit, held too long, open). */
    List<DumpData.Site> culprits() {
        List<DumpData.Site> out = new ArrayList<>();
        for (DumpData.Site s : last().callsites) {
            if (s.leaked > 0 || s.overLimit || s.heldPastThreshold || s.open > 0 || s.failed > 0) {
                out.add(s);
                if (out.size() == CULPRITS_SHOWN) {
                    break;
                }
            }
        }
        return out;
    }

    /** The line to blame: the top-ranked callsite if it leaked, held too long or over its limit, else null. */
    DumpData.Site rootCause() {
        for (DumpData.Site s : last().callsites) {
            if (s.leaked > 0) {
                return s;
            }
        }
        for (DumpData.Site s : last().callsites) {
            if (s.overLimit || s.heldPastThreshold) {
                return s;
            }
        }
        return null;
    }

    /** The open connections of {@code callsite} as the newest dump that lists some shows them. */
    List<DumpData.Held> heldAt(String callsite) {
        for (int i = dumps.size() - 1; i >= 0; i--) {
            for (DumpData.Site s : dumps.get(i).callsites) {
                if (s.callsite.equals(callsite) && !s.oldestOpen.isEmpty()) {
                    return s.oldestOpen;
                }
            }
        }
        return List.of();
    }

    /** The leaked connections of {@code callsite} as the newest dump that lists some shows them. */
    List<DumpData.Held> leakedAt(String callsite) {
        for (int i = dumps.size() - 1; i >= 0; i--) {
            for (DumpData.Site s : dumps.get(i).callsites) {
                if (s.callsite.equals(callsite) && !s.recentLeaks.isEmpty()) {
                    return s.recentLeaks;
                }
            }
        }
        return List.of();
    }

    /** The advice of the last dump that has any, pool by pool. */
    List<String> advice() {
        List<String> out = new ArrayList<>();
        for (DumpData.Pool p : poolStates()) {
            out.addAll(p.advice);
        }
        if (out.isEmpty()) {
            for (int i = dumps.size() - 1; i >= 0 && out.isEmpty(); i--) {
                for (DumpData.Pool p : dumps.get(i).pools) {
                    out.addAll(p.advice);
                }
            }
        }
        return out;
    }

    /** The first and last times the inputs cover: samples, triggers and dumps. */
    long firstMillis() {
        long t = dumps.get(0).timeMillis;
        for (PoolHistory p : pools) {
            t = Math.min(t, p.samples().get(0).time);
        }
        for (DumpData.Mark m : triggers) {
            t = Math.min(t, m.atMillis);
        }
        return t;
    }

    long lastMillis() {
        return last().timeMillis;
    }
}
