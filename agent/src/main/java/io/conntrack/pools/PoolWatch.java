package io.conntrack.pools;

import io.conntrack.timeline.FlightRecorder;
import io.conntrack.tracking.Callsite;
import io.conntrack.tracking.CallsiteSnapshot;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Failures;
import io.conntrack.tracking.Frames;
import io.conntrack.tracking.FrameClassifier;
import io.conntrack.tracking.TrackerListener;
import io.conntrack.tracking.Utf16;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything about pools that happens off the hot path: reading each pool's own numbers through its
 * reader, ConnTrack's per-pool counts (in use, lost), the monitor's samples (peak in use, Little's law
 * demand, where holders of long-held connections wait), the forecast and the advice. Never holds a pool
 * strongly beyond one read.
 */
public final class PoolWatch implements TrackerListener {

    /** Connections held at least this long are looked at: where does the holder wait? */
    static final long LOOK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_LOOKS_PER_TICK = 16;
    private static final int LOOK_DEPTH = 48;
    /** The forecast trigger wants a trend: this many losses in the window (the forecast itself, and its metric, one). */
    static final int MIN_LOSSES_TO_WARN = 2;

    private final PoolRegistry registry;
    private final Supplier<List<ConnectionRecord>> openRecords;
    private final Supplier<List<Callsite>> callsites;
    private final FrameClassifier classifier;
    private final Consumer<String> log;
    /** Where limits reached are said (a warning, not a failure). */
    private final Consumer<String> warn;
    /** In order; the last one accepts every class. Null: {@link DefaultReaders}, built at the first pool read. */
    private final List<PoolReader> readers;
    /** Every call into a pool's code goes through it: time-bounded, off the monitor's thread. Made at the first pool read. */
    private volatile PoolCalls calls;
    private static final String READ = "read";
    /** Readers turned off after a reflective failure (by type), each said once. */
    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private long lastDemandSample;
    private volatile FlightRecorder timeline;
    /** What ConnTrack gave back and what it finds abandoned ({@code io.conntrack.reclaim}). */
    private volatile ReclaimView reclaim = ReclaimView.NONE;

    public PoolWatch(PoolRegistry registry, Supplier<List<ConnectionRecord>> openRecords, Supplier<List<Callsite>> callsites,
                     FrameClassifier classifier, Consumer<String> log) {
        this(registry, openRecords, callsites, classifier, log, log, null);
    }

    /** {@code log} says what failed, {@code warn} a limit reached. */
    public PoolWatch(PoolRegistry registry, Supplier<List<ConnectionRecord>> openRecords, Supplier<List<Callsite>> callsites,
                     FrameClassifier classifier, Consumer<String> log, Consumer<String> warn) {
        this(registry, openRecords, callsites, classifier, log, warn, null);
    }

    PoolWatch(PoolRegistry registry, Supplier<List<ConnectionRecord>> openRecords, Supplier<List<Callsite>> callsites,
              FrameClassifier classifier, Consumer<String> log, List<PoolReader> readers) {
        this(registry, openRecords, callsites, classifier, log, log, readers);
    }

    private PoolWatch(PoolRegistry registry, Supplier<List<ConnectionRecord>> openRecords, Supplier<List<Callsite>> callsites,
                      FrameClassifier classifier, Consumer<String> log, Consumer<String> warn, List<PoolReader> readers) {
        this.readers = readers;
        this.registry = registry;
        this.openRecords = openRecords;
        this.callsites = callsites;
        this.classifier = classifier;
        this.log = log;
        this.warn = warn;
    }

    /** The calls into pools' code; made at the first pool read, not at premain (a JVM without pools never needs it). */
    PoolCalls calls() {
        PoolCalls c = calls;
        if (c == null) {
            synchronized (this) {
                if (calls == null) {
                    calls = new PoolCalls(log);
                }
                c = calls;
            }
        }
        return c;
    }

    /** Where the reclaimer's numbers come from (set once at start). */
    public void reclaimView(ReclaimView view) {
        this.reclaim = view;
    }

    /**
     * Starts {@code work} on pool {@code poolId} through {@link PoolCalls} without waiting, followed by a
     * read of the pool's own numbers (kept as its last reading): what a reclaim does. One call per pool is
     * in flight; a dump or scrape asking for the pool meanwhile shares this one and gets its reading.
     * Returns false when it did not start (another call into the pool is in flight, or calls into it are off).
     */
    public boolean callThenRead(int poolId, Consumer<Object> work) {
        PoolEntry e = registry.entry(poolId);
        if (e == null || e.get() == null) {
            return false;
        }
        PoolCalls.Task<PoolState> task = pool -> {
            work.accept(pool);
            return readOwn(pool);
        };
        PoolCalls.Call<PoolState> c = calls().start(e, READ, task, e::reading);
        return c.runs(task);
    }

    /**
     * The pool a connection record's pool id stands for (a wrapper's id stands for the pool it leads to,
     * {@link PoolRegistry#resolve}); 0 for none.
     */
    public int poolOf(int recordPoolId) {
        return recordPoolId > 0 ? registry.resolve(recordPoolId) : 0;
    }

    /** The class name of pool {@code poolId}, or null when it is not known. */
    public String poolClass(int poolId) {
        PoolEntry e = registry.entry(poolId);
        return e == null ? null : e.className;
    }

    /** Every pool known (wrappers and driver DataSources are not pools), by id: its class name (the reclaimer names new ones once). */
    public Map<Integer, String> poolClasses() {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (PoolEntry e : pools()) {
            out.put(e.id, e.className);
        }
        return out;
    }

    /** The name of pool {@code poolId} as it last told it, else the one dumps give it ({@code HikariDataSource-3}). */
    public String poolName(int poolId) {
        PoolEntry e = registry.entry(poolId);
        if (e == null) {
            return "#" + poolId;
        }
        PoolState r = e.lastReading();
        return r != null && r.name != null && !r.name.isEmpty() ? r.name : simpleName(e.className) + "-" + e.id;
    }

    /** How log lines name pool {@code poolId}: {@code 'name' (class)}. */
    public String poolLabel(int poolId) {
        PoolEntry e = registry.entry(poolId);
        return e == null ? "#" + poolId : e.label();
    }

    /** An application connection was collected while open: lost for good to its pool. Monitor thread. */
    @Override
    public void leaked(ConnectionRecord r, long ageNanos) {
        PoolEntry e = registry.entry(registry.resolve(r.pool()));
        if (e != null) {
            e.lost(r.callsite().frame, System.nanoTime());
        }
    }

    /**
     * The monitor's periodic look (about once a second): peak in use, Little's law demand (every 5 s),
     * where the holders of long-held connections wait, and pruning of collected pools. Each pool's own
     * numbers are asked for without waiting ({@link PoolCalls}): they are sampled when they come.
     */
    public void tick() {
        long now = System.nanoTime();
        List<PoolEntry> collected = registry.collected(); // before the open connections: see PoolRegistry.collected
        List<ConnectionRecord> open = openRecords.get();
        long[] inUse = inUseById(open);
        List<PoolEntry> entries = pools();
        long nowMillis = System.currentTimeMillis();
        Map<Integer, List<Callsite>> sitesByPool = sitesByPool();
        for (PoolEntry e : entries) {
            long tracked = e.id < inUse.length ? inUse[e.id] : 0;
            PoolState last = e.lastReading();
            if (last == null || last.active < 0) {
                e.inUseSampled(tracked); // else the pool's own active count, when read
            }
            if (e.get() != null) {
                calls().start(e, READ, pool -> readOwn(pool), e::reading);
            }
            PoolState own = last != null ? last : new PoolState(); // as last read (a round ago at most, unless it hangs)
            timeline().sample(nowMillis, e.serial, nameOf(own, e), tracked, e.lost(), own.maxSize, own.active, own.idle, own.waiting,
                    e.failures(), e.firstFailureMillis(), sitesByPool.getOrDefault(e.id, List.of()));
        }
        if (now - lastDemandSample >= PoolEntry.Demand.MIN_SPAN_NANOS) {
            lastDemandSample = now;
            sampleDemand(entries, now);
        }
        lookAtHolders(open, now);
        Set<Integer> named = new HashSet<>(); // what callsites name, as they name it and as it resolves
        for (Callsite c : callsites.get()) {
            if (c.poolId() > 0) {
                named.add(c.poolId());
                named.add(registry.resolve(c.poolId()));
            }
        }
        for (PoolEntry gone : registry.prune(collected, referencedIds(open), named)) {
            timeline().poolGone(gone.serial);
        }
        String untracked = registry.takeUntrackedNotice();
        if (untracked != null) {
            warn.accept("ConnTrack tracks at most " + PoolRegistry.capacity() + " pools at once and all are taken: pools from "
                    + untracked + " on are tracked without their pool (their connections are counted at their callsites;"
                    + " no pools[] entry, forecast or advice) until a tracked pool is garbage-collected. Said once.");
        }
    }

    /**
     * The entries that are pools (see {@link PoolEntry#isPool}), by id: a wrapper DataSource, a library's
     * connection source or a driver's DataSource is an entry (connections name it) but not a pool. Looks
     * at the class of an entry seen for the first time (its getters' names: no call into it).
     */
    private List<PoolEntry> pools() {
        List<PoolEntry> out = new ArrayList<>();
        for (PoolEntry e : registry.entries()) {
            if (e.poolLike == 0) {
                Object pool = e.get();
                if (pool != null) {
                    Class<?> c = pool.getClass();
                    e.poolLike = e.knownPool || !(readerFor(c) instanceof GenericPoolReader) || GenericPoolReader.hasPoolGetters(c) ? 1 : -1;
                }
            }
            if (registry.resolve(e.id) == e.id) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * How many open connections name each entry, as they name it and as that resolves (pruning keeps
     * what records refer to, and the pool a wrapper's records lead to).
     */
    private long[] referencedIds(List<ConnectionRecord> open) {
        int[] resolved = new int[open.size()];
        int max = 0;
        for (int i = 0; i < resolved.length; i++) {
            int raw = open.get(i).pool();
            resolved[i] = raw > 0 ? registry.resolve(raw) : 0;
            max = Math.max(max, Math.max(raw, resolved[i]));
        }
        long[] n = new long[max + 1];
        for (int i = 0; i < resolved.length; i++) {
            int raw = open.get(i).pool();
            if (raw > 0) {
                n[raw]++;
                if (resolved[i] > 0 && resolved[i] != raw) {
                    n[resolved[i]]++;
                }
            }
        }
        return n;
    }

    /** The pools' flight recorder, created at its first use (a monitor tick, a trigger or a dump). */
    public FlightRecorder timeline() {
        FlightRecorder t = timeline;
        if (t == null) {
            synchronized (this) {
                t = timeline;
                if (t == null) {
                    timeline = t = new FlightRecorder(log, warn);
                }
            }
        }
        return t;
    }

    /** The pool's own name (well-formed), else {@code <type>-<serial>} as in {@link #states()} (without its {@code #<serial>} for shared names). */
    private static String nameOf(PoolState s, PoolEntry e) {
        if (s.name != null && !s.name.isEmpty()) {
            return Utf16.wellFormed(s.name);
        }
        return s.type.equals("other") ? simpleName(e.className) + "-" + e.serial : s.type + "-" + e.serial;
    }

    /** Application callsites by the pool they last acquired from. */
    private Map<Integer, List<Callsite>> sitesByPool() {
        Map<Integer, List<Callsite>> out = new HashMap<>();
        for (Callsite c : callsites.get()) {
            int pool = c.poolId() > 0 ? registry.resolve(c.poolId()) : 0;
            if (!c.poolOwned && pool > 0) {
                out.computeIfAbsent(pool, k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** Little's law per pool, from what the hot path counted for each pool (a callsite shared by pools splits right). */
    private void sampleDemand(List<PoolEntry> entries, long now) {
        for (PoolEntry e : entries) {
            e.demandSample(now, e.acquired.sum(), e.closed.sum(), e.holdTotalNanos.sum());
        }
    }

    /** Where the threads holding connections for a second or more are now, for the hog advice. */
    private void lookAtHolders(List<ConnectionRecord> open, long now) {
        Map<Long, ConnectionRecord> byThread = new LinkedHashMap<>();
        for (ConnectionRecord r : open) {
            if (r.pool() > 0 && !r.callsite().poolOwned && now - r.acquiredNanos() >= LOOK_AFTER_NANOS) {
                byThread.putIfAbsent(r.threadId(), r);
                if (byThread.size() >= MAX_LOOKS_PER_TICK) {
                    break;
                }
            }
        }
        if (byThread.isEmpty()) {
            return;
        }
        long[] ids = byThread.keySet().stream().mapToLong(Long::longValue).toArray();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = mx.getThreadInfo(ids, LOOK_DEPTH);
        for (ThreadInfo ti : infos) {
            if (ti == null) {
                continue;
            }
            ConnectionRecord r = byThread.get(ti.getThreadId());
            PoolEntry e = registry.entry(registry.resolve(r.pool()));
            if (e != null && r.isOpen()) {
                e.holdSampled(r.callsite().frame, waitingOutsideJdbc(ti.getThreadState(), ti.getStackTrace(), classifier));
            }
        }
    }

    /**
     * The application frame the thread waits in, when it waits (sleeps, parks, blocks on a lock, reads a
     * socket) in code that is not JDBC: the first frame below the JDK's own that is application code. Null
     * when it runs, waits inside a driver, pool or data framework, or has no application frame (a thread
     * back in its pool, its connection leaked).
     */
    static String waitingOutsideJdbc(Thread.State state, StackTraceElement[] stack, FrameClassifier classifier) {
        if (stack.length == 0) {
            return null;
        }
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED
                || state == Thread.State.RUNNABLE && isSocketRead(stack);
        if (!waiting) {
            return null;
        }
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (isJdk(c)) {
                if (c.startsWith("java.sql.") || c.startsWith("javax.sql.")) {
                    return null;
                }
                continue;
            }
            return classifier.classify(c) == FrameClassifier.Kind.APP ? Frames.render(f) : null;
        }
        return null;
    }

    private static boolean isSocketRead(StackTraceElement[] stack) {
        for (int i = 0; i < Math.min(stack.length, 8); i++) {
            String c = stack[i].getClassName();
            String m = stack[i].getMethodName();
            if ((c.startsWith("java.net.") || c.startsWith("sun.nio.ch.") || c.startsWith("sun.security.ssl."))
                    && (m.startsWith("read") || m.startsWith("socketRead") || m.equals("poll") || m.equals("park") || m.startsWith("implRead"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJdk(String c) {
        return c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.");
    }

    /** Open application connections per pool (a wrapper's counting for the pool it leads to). */
    private long[] inUseById(List<ConnectionRecord> open) {
        int[] pools = new int[open.size()];
        int max = 0;
        for (int i = 0; i < pools.length; i++) {
            ConnectionRecord r = open.get(i);
            pools[i] = r.pool() > 0 && !r.callsite().poolOwned && r.isOpen() ? registry.resolve(r.pool()) : 0;
            max = Math.max(max, pools[i]);
        }
        long[] n = new long[max + 1];
        for (int p : pools) {
            if (p > 0) {
                n[p]++;
            }
        }
        return n;
    }

    /**
     * Every pool known now, with its own numbers read now, ConnTrack's, the forecast and the advice; by
     * id. Waits at most {@link PoolCalls#TIMEOUT_MILLIS} for all the pools together: a pool that does not
     * answer in time is shown with ConnTrack's numbers and why its own are missing.
     */
    public List<PoolState> states() {
        List<PoolEntry> entries = pools();
        List<PoolCalls.Call<PoolState>> reads = new ArrayList<>(entries.size());
        for (PoolEntry e : entries) {
            reads.add(calls().start(e, READ, pool -> readOwn(pool), e::reading));
        }
        long deadline = System.nanoTime() + PoolCalls.TIMEOUT_NANOS;
        PoolState[] own = new PoolState[entries.size()];
        for (int i = 0; i < own.length; i++) {
            PoolCalls.Call<PoolState> c = reads.get(i);
            if (calls().await(c, deadline)) {
                own[i] = c.refused != null ? unread(c.refused) : c.result() != null ? c.result() : unread(failure(c.failure()));
            } else if (c.isStarted()) {
                own[i] = unread("did not answer within " + PoolCalls.TIMEOUT_MILLIS + " ms (in " + c.describeMethod() + ")");
            } else {
                own[i] = unread("not read: ConnTrack's " + PoolCalls.MAX_WORKERS + " pool-call threads are all stuck in other pools");
            }
        }
        return states(entries, own);
    }

    /** As {@link #states()}, from each pool's last reading: no call into any pool, no wait (the monitor's). */
    List<PoolState> lastStates() {
        List<PoolEntry> entries = pools();
        PoolState[] own = new PoolState[entries.size()];
        for (int i = 0; i < own.length; i++) {
            own[i] = entries.get(i).lastReading();
            if (own[i] == null) {
                own[i] = unread("not read yet");
            }
        }
        return states(entries, own);
    }

    private List<PoolState> states(List<PoolEntry> entries, PoolState[] own) {
        long now = System.nanoTime();
        long[] inUse = inUseById(openRecords.get());
        Map<Integer, List<Callsite>> sitesByPool = sitesByPool();
        List<PoolState> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < own.length; i++) {
            PoolEntry e = entries.get(i);
            PoolState s = new PoolState();
            s.id = e.serial;
            s.entryId = e.id;
            s.className = e.className;
            s.copyOwnNumbers(e.get() == null ? unread("pool garbage-collected") : own[i]);
            s.name = nameOf(s, e); // well-formed before it is made unique: names differing in unpaired surrogates encode alike
            if (!names.add(s.name)) {
                s.name = s.name + "#" + e.serial;
                names.add(s.name);
            }
            s.inUse = e.id < inUse.length ? inUse[e.id] : 0;
            fill(s, e, now, sitesByPool.getOrDefault(e.id, List.of()));
            out.add(s);
        }
        return out;
    }

    /** Own numbers unknown, and why. */
    private PoolState unread(String why) {
        PoolState s = new PoolState();
        s.readError = why;
        return s;
    }

    /** ConnTrack's numbers, the forecast and the advice of one pool whose own numbers are read. */
    void fill(PoolState s, PoolEntry e, long now, List<Callsite> sites) {
        s.lost = e.lost();
        s.lostRecently = e.lostRecently(now);
        ReclaimView view = reclaim;
        s.reclaimMode = view.mode();
        s.abandoned = new ArrayList<>(view.abandoned(e.id));
        ReclaimView.Reclaims r = view.reclaims(e.id, now);
        long givenBackRecently = 0;
        if (r != null) {
            s.reclaimedLost = r.lost;
            s.reclaimedAbandoned = r.abandoned;
            s.reclaimedBySite = new ArrayList<>(r.bySite);
            s.reclaimOff = r.off;
            givenBackRecently = r.lostRecently;
        }
        double watched = e.watchedSeconds(now);
        // connections ConnTrack gave back are not lost for good: they count out of the loss rate
        double rate = Forecast.lossRate(Math.max(0, s.lostRecently - givenBackRecently), PoolEntry.LOSS_WINDOW_NANOS / 1e9, watched);
        s.lossRatePerMinute = rate * 60;
        s.lossHistorySeconds = Forecast.historySeconds(PoolEntry.LOSS_WINDOW_NANOS / 1e9, watched);
        s.peakInUse = Math.max(e.peakInUse(), s.usedByPool());
        List<Map.Entry<String, Long>> lostBySite = e.lostBySite();
        if (!lostBySite.isEmpty()) {
            s.topLossCallsite = lostBySite.get(0).getKey();
            s.topLossCount = lostBySite.get(0).getValue();
        }
        s.exhaustionSeconds = Forecast.exhaustionSeconds(s.maxSize, s.usedByPool(), rate);
        if (s.hasForecast()) {
            s.forecast = forecastLine(s);
        }
        PoolEntry.Demand d = e.demand();
        s.demand = d.mean;
        s.demandPeak = d.peak;
        s.acquisitionsPerSecond = d.mean >= 0 ? d.rate : -1;
        s.meanHoldSeconds = d.mean >= 0 ? d.meanHoldSeconds : -1;
        s.demandPeakRate = d.peakRate;
        s.demandPeakMeanHoldSeconds = d.peakMeanHoldSeconds;
        List<Advisor.Site> advisorSites = new ArrayList<>();
        Map<String, Long> lostMap = new HashMap<>();
        for (Map.Entry<String, Long> l : lostBySite) {
            lostMap.put(l.getKey(), l.getValue());
        }
        long acquisitions = e.acquired.sum();
        Set<String> seen = new HashSet<>();
        for (Callsite c : sites) {
            CallsiteSnapshot cs = c.snapshot();
            if (!seen.add(c.frame)) {
                continue; // the same line from another class loader: one row, as elsewhere
            }
            Map.Entry<String, Integer> wait = e.topWait(c.frame);
            advisorSites.add(new Advisor.Site(c.frame, lostMap.getOrDefault(c.frame, 0L), cs.closed, cs.holdP99Nanos,
                    wait == null ? null : wait.getKey(), wait == null ? 0 : wait.getValue(), e.holdSamples(c.frame))
                    .via(cs.blame == null ? null : cs.blame.describe()));
        }
        for (Map.Entry<String, Long> l : lostBySite) { // a callsite now acquiring from another pool still lost these
            if (!seen.contains(l.getKey())) {
                advisorSites.add(new Advisor.Site(l.getKey(), l.getValue(), 0, 0, null, 0, 0));
            }
        }
        advisorSites.sort((a, b) -> Long.compare(b.lost, a.lost));
        s.advice.addAll(Advisor.advise(s, advisorSites, watched, acquisitions));
    }

    static String forecastLine(PoolState s) {
        StringBuilder b = new StringBuilder("pool '").append(s.name).append("' (max ").append(s.maxSize).append("): ")
                .append(s.usedByPool()).append(" in use, ").append(s.lost).append(s.reclaimedLost > 0 ? " lost" : " lost for good");
        if (s.topLossCallsite != null) {
            b.append(s.topLossCount == s.lost ? " at " : " (" + s.topLossCount + " at ").append(s.topLossCallsite)
                    .append(s.topLossCount == s.lost ? "" : ")");
        }
        if (s.reclaimedLost > 0) {
            b.append(" (").append(s.reclaimedLost).append(" of them given back by ConnTrack, reclaim=").append(s.reclaimMode).append(")");
        }
        long abandoned = s.abandonedHeld();
        if (abandoned > 0) {
            b.append(", ").append(abandoned).append(" held with their acquiring method finished (abandoned) at ")
                    .append(s.abandoned.get(0).callsite);
        }
        b.append("; ").append(s.lostRecently).append(" lost ").append(s.lossHistory(" (an early estimate)")).append(", ");
        return b.append(s.exhaustionSeconds <= 0 ? "no connection is left for the application"
                : "at the current rate it is exhausted in ~" + Forecast.seconds(s.exhaustionSeconds)).toString();
    }

    /**
     * Pools whose forecast is under {@code horizonMillis} and that lost a connection since their last
     * warning ({@link #warned}): one trend gives one warning per new loss, and a warning held back by
     * the dump rate limit is due again until one gets through. Monitor thread.
     */
    public List<PoolState> forecastsUnder(long horizonMillis) {
        List<PoolState> out = new ArrayList<>();
        if (horizonMillis <= 0) {
            return out;
        }
        List<PoolEntry> losing = new ArrayList<>();
        long now = System.nanoTime();
        for (PoolEntry e : registry.entries()) {
            ReclaimView.Reclaims r = reclaim.reclaims(e.id, now);
            long givenBack = r == null ? 0 : r.lostRecently; // given back: not lost for good
            if (e.lostRecently(now) - givenBack >= MIN_LOSSES_TO_WARN && e.warningDue()) {
                losing.add(e);
            }
        }
        if (losing.isEmpty()) {
            return out; // no pool is read while none loses connections
        }
        for (PoolState s : lastStates()) {
            PoolEntry e = registry.entry(s.entryId);
            if (e != null && losing.contains(e) && s.hasForecast() && s.exhaustionSeconds * 1000 < horizonMillis) {
                out.add(s);
            }
        }
        return out;
    }

    /** The forecast warning of {@code s} was given (its dump asked for). */
    public void warned(PoolState s) {
        PoolEntry e = registry.entry(s.entryId);
        if (e != null && e.serial == s.id) {
            e.warned(s.lost);
        }
    }

    /** A pool's own numbers, read now: runs on a {@link PoolCalls} worker. */
    private PoolState readOwn(Object pool) {
        PoolState s = new PoolState();
        PoolReader r = readerFor(pool.getClass());
        s.type = r.type();
        if (disabled.contains(r.type())) {
            s.readError = "the " + r.type() + " reader is off after an earlier failure";
            return s;
        }
        try {
            r.read(pool, s);
        } catch (PoolReader.PoolThrew t) {
            s.readError = "the pool threw " + Failures.typeOf(t.getCause()) + " in " + t.method;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) {
                throw (VirtualMachineError) t;
            }
            if (disabled.add(r.type())) {
                log.accept("reading " + r.type() + " pools (" + pool.getClass().getName() + ") failed and is now off; pools[] shows"
                        + " ConnTrack's own numbers for them (tracking goes on): " + failure(t));
            }
            s.readError = "the " + r.type() + " reader is off: " + failure(t);
            s.maxSize = s.active = s.idle = s.waiting = PoolState.UNKNOWN;
        }
        return s;
    }

    /**
     * A reader's failure for people: its class, and the message only of the reflection errors whose
     * message ConnTrack or the JDK wrote (a missing method); never a message the pool wrote.
     */
    static String failure(Throwable t) {
        if (t == null) {
            return "no answer";
        }
        boolean ours = t instanceof NoSuchMethodException || t instanceof IllegalAccessException || t instanceof ClassCastException;
        return Failures.typeOf(t) + (ours && t.getMessage() != null ? " (" + t.getMessage() + ")" : "");
    }

    private PoolReader readerFor(Class<?> c) {
        for (PoolReader r : readers != null ? readers : DefaultReaders.ALL) {
            if (r.accepts(c)) {
                return r;
            }
        }
        throw new AssertionError(); // the generic reader accepts every class
    }

    /** Loaded when the first pool is read, not at premain: a JVM without pools never loads the readers. */
    private static final class DefaultReaders {
        static final List<PoolReader> ALL = List.of(new HikariPoolReader(), new Dbcp2PoolReader(), new TomcatPoolReader(),
                new C3p0PoolReader(), new AgroalPoolReader(), new GenericPoolReader());
    }

    private static String simpleName(String className) {
        int i = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(i + 1);
    }
}
