package io.conntrack.reporting;

import io.conntrack.config.Config;
import io.conntrack.pools.PoolState;
import io.conntrack.timeline.TimelineSnapshot;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Frames;
import io.conntrack.tracking.LeakedConnection;
import io.conntrack.tracking.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one dump says, gathered at one moment off the hot path: the trigger, totals, callsites
 * ranked by {@link CallsiteRanking} (application ones, then pool-owned ones) and, for the top
 * application ones, their oldest open connections with the acquiring stack and what the holding
 * thread is doing now. Identical stacks are stored once and referred to by id.
 */
public final class Dump {

    public static final String FORMAT = "conntrack-dump/3";
    static final int TOP_CALLSITES_WITH_CONNECTIONS = 10;
    static final int OLDEST_PER_CALLSITE = 5;
    static final int HOLDER_STACK_DEPTH = 64;

    final long timeMillis;
    final long pid;
    final String host;
    final String jvm;
    final long uptimeMillis;
    final Trigger trigger;
    final List<Suppressed> suppressed;
    final Snapshot snapshot;
    final CallsiteRanking ranking;
    final Map<String, List<OpenConnection>> oldestByCallsite;
    /** For the top application callsites that leaked: their recent leaks, with stack ids. */
    final Map<String, List<RecentLeak>> recentLeaksByCallsite;
    /** Stack id to frames, in first-seen order. */
    final Map<String, List<String>> stacks;
    final Map<String, Long> agentCounters;
    /** The pools ConnTrack has seen, with their own numbers, forecast and advice. */
    final List<PoolState> pools;
    /** The pools' flight recorder: the last 15 minutes of samples and triggers. */
    final TimelineSnapshot timeline;

    private Dump(Builder b) {
        this.timeMillis = b.snapshot.takenAtMillis;
        this.pid = ProcessHandle.current().pid();
        this.host = hostName();
        this.jvm = System.getProperty("java.vm.name", "?") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version", "?"));
        this.uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        this.trigger = b.trigger;
        this.suppressed = b.suppressed;
        this.snapshot = b.snapshot;
        this.ranking = b.ranking;
        this.oldestByCallsite = b.oldest;
        this.recentLeaksByCallsite = b.recentLeaks;
        this.stacks = b.stacks.byId;
        this.agentCounters = b.agentCounters;
        this.pools = b.pools;
        this.timeline = b.timeline;
    }

    public List<PoolState> pools() {
        return pools;
    }

    /** Connections ConnTrack reclaimed ({@code reclaim}) by the callsite that acquired them, all pools. */
    public Map<String, Long> reclaimedByCallsite() {
        Map<String, Long> out = new HashMap<>();
        for (PoolState p : pools) {
            for (Map.Entry<String, Long> e : p.reclaimedBySite) {
                out.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        return out;
    }

    public TimelineSnapshot timeline() {
        return timeline;
    }

    public Trigger trigger() {
        return trigger;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public CallsiteRanking ranking() {
        return ranking;
    }

    /**
     * The application callsite ranked first that holds or leaked connections ({@code #1} of the dump
     * when it does), or null: the WARN line's "top callsite".
     */
    public CallsiteSnapshot topCallsite() {
        return ranking.top();
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isEmpty()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception | Error e) {
            return "unknown";
        }
    }

    /** A summary of triggers that fired but were not dumped because of {@code dumpInterval}. */
    public static final class Suppressed {
        final String type;
        final long count;
        final String lastMessage;

        Suppressed(String type, long count, String lastMessage) {
            this.type = type;
            this.count = count;
            this.lastMessage = lastMessage;
        }
    }

    /** One open connection as the dump shows it. */
    static final class OpenConnection {
        final long ageMillis;
        final long acquiredAtMillis;
        final String threadName;
        final long threadId;
        final String acquireStackId;
        final String holderState;
        final String holderStackId;

        OpenConnection(long ageMillis, long acquiredAtMillis, String threadName, long threadId, String acquireStackId,
                       String holderState, String holderStackId) {
            this.ageMillis = ageMillis;
            this.acquiredAtMillis = acquiredAtMillis;
            this.threadName = threadName;
            this.threadId = threadId;
            this.acquireStackId = acquireStackId;
            this.holderState = holderState;
            this.holderStackId = holderStackId;
        }
    }

    /** A connection garbage-collected without close(), as the dump shows it: its acquiring stack by id. */
    static final class RecentLeak {
        final LeakedConnection leak;
        final String acquireStackId;

        RecentLeak(LeakedConnection leak, String acquireStackId) {
            this.leak = leak;
            this.acquireStackId = acquireStackId;
        }
    }

    /** Stores each distinct stack once. */
    static final class StackTable {
        final Map<String, List<String>> byId = new LinkedHashMap<>();
        private final Map<List<String>, String> ids = new HashMap<>();

        String id(StackTraceElement[] frames) {
            if (frames == null || frames.length == 0) {
                return null;
            }
            List<String> rendered = new ArrayList<>(frames.length);
            for (StackTraceElement e : frames) {
                rendered.add(Frames.render(e));
            }
            return id(rendered);
        }

        /** The id of a stack already rendered. */
        String id(List<String> rendered) {
            if (rendered == null || rendered.isEmpty()) {
                return null;
            }
            return ids.computeIfAbsent(rendered, r -> {
                String id = "s" + (byId.size() + 1);
                byId.put(id, r);
                return id;
            });
        }
    }

    public static final class Builder {
        private final Snapshot snapshot;
        private final List<ConnectionRecord> openRecords;
        private final CallsiteRanking ranking;
        private final long nowNanos;
        private Trigger trigger;
        private List<Suppressed> suppressed = new ArrayList<>();
        private final Map<String, List<OpenConnection>> oldest = new LinkedHashMap<>();
        private final Map<String, List<RecentLeak>> recentLeaks = new LinkedHashMap<>();
        private final StackTable stacks = new StackTable();
        private Map<String, Long> agentCounters = new LinkedHashMap<>();
        private List<PoolState> pools = new ArrayList<>();
        private TimelineSnapshot timeline = TimelineSnapshot.EMPTY;

        /**
         * @param openRecords every open connection, oldest first
         * @param config for the ranking: {@code limit} and {@code holdThreshold}
         */
        public Builder(Snapshot snapshot, List<ConnectionRecord> openRecords, Config config) {
            this(snapshot, openRecords, config, System.nanoTime());
        }

        /** @param nowNanos the tracker's time now (its {@code Clock}): ages and hold checks are measured to it */
        public Builder(Snapshot snapshot, List<ConnectionRecord> openRecords, Config config, long nowNanos) {
            this.nowNanos = nowNanos;
            this.snapshot = snapshot;
            this.openRecords = openRecords;
            this.ranking = CallsiteRanking.of(snapshot, openRecords, config, nowNanos);
        }

        public Builder trigger(Trigger t) {
            this.trigger = t;
            return this;
        }

        public Builder suppressed(List<Suppressed> s) {
            this.suppressed = s;
            return this;
        }

        public Builder pools(List<PoolState> states) {
            this.pools = states;
            return this;
        }

        public Builder timeline(TimelineSnapshot t) {
            this.timeline = t;
            return this;
        }

        public Builder agentCounters(Map<String, Long> counters) {
            this.agentCounters = counters;
            return this;
        }

        public Dump build() {
            Map<String, List<ConnectionRecord>> byCallsite = new HashMap<>();
            for (ConnectionRecord r : openRecords) {
                if (!r.callsite().poolOwned) {
                    List<ConnectionRecord> l = byCallsite.computeIfAbsent(r.callsite().frame, k -> new ArrayList<>());
                    if (l.size() < OLDEST_PER_CALLSITE) {
                        l.add(r);
                    }
                }
            }
            List<ConnectionRecord> shown = new ArrayList<>();
            int ranked = 0;
            for (CallsiteSnapshot c : ranking.application) {
                List<ConnectionRecord> l = byCallsite.get(c.callsite);
                if (l != null && ranked++ < TOP_CALLSITES_WITH_CONNECTIONS) {
                    shown.addAll(l);
                }
            }
            Map<Long, ThreadInfo> holders = holderThreads(shown);
            long nowMillis = System.currentTimeMillis();
            for (CallsiteSnapshot c : ranking.application) {
                List<ConnectionRecord> l = byCallsite.get(c.callsite);
                if (l == null || !shown.contains(l.get(0))) {
                    continue;
                }
                List<OpenConnection> out = new ArrayList<>();
                for (ConnectionRecord r : l) {
                    if (!r.isOpen()) {
                        continue; // closed while the dump was being taken: its thread has moved on
                    }
                    long ageMillis = (nowNanos - r.acquiredNanos()) / 1_000_000;
                    ThreadInfo ti = holders.get(r.threadId());
                    String state = ti == null ? "ENDED (or a virtual thread)" : ti.getThreadState().toString();
                    String holderStack = ti == null ? null : stacks.id(ti.getStackTrace());
                    out.add(new OpenConnection(ageMillis, nowMillis - ageMillis, r.threadName(), r.threadId(),
                            stacks.id(r.stack()), state, holderStack));
                }
                oldest.put(c.callsite, out);
            }
            int withLeaks = 0;
            for (CallsiteSnapshot c : ranking.application) {
                if (!c.recentLeaks.isEmpty() && withLeaks++ < TOP_CALLSITES_WITH_CONNECTIONS) {
                    List<RecentLeak> out = new ArrayList<>();
                    for (LeakedConnection l : c.recentLeaks) {
                        out.add(new RecentLeak(l, stacks.id(l.acquireStack)));
                    }
                    recentLeaks.put(c.callsite, out);
                }
            }
            return new Dump(this);
        }

        private static Map<Long, ThreadInfo> holderThreads(List<ConnectionRecord> records) {
            Map<Long, ThreadInfo> out = new HashMap<>();
            long[] ids = records.stream().mapToLong(ConnectionRecord::threadId).distinct().toArray();
            if (ids.length == 0) {
                return out;
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            ThreadInfo[] infos = mx.getThreadInfo(ids, HOLDER_STACK_DEPTH);
            for (ThreadInfo ti : infos) {
                if (ti != null) {
                    out.put(ti.getThreadId(), ti);
                }
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "Dump" + Arrays.asList(trigger.type, trigger.message);
    }
}
