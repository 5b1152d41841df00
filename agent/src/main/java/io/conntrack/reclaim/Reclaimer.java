package io.conntrack.reclaim;

import io.conntrack.config.Config;
import io.conntrack.config.ReclaimMode;
import io.conntrack.pools.PoolWatch;
import io.conntrack.pools.ReclaimView;
import io.conntrack.reclaim.Access.NotReclaimable;
import io.conntrack.tracking.ConnectionRecord;
import io.conntrack.tracking.Failures;
import io.conntrack.tracking.FrameClassifier;
import io.conntrack.tracking.Housekeeper;
import io.conntrack.tracking.ReclaimHooks;
import io.conntrack.tracking.TrackerListener;
import java.lang.instrument.Instrumentation;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code reclaim}: gives pools back what leaks took, off the hot path. Lost connections (collected
 * unclosed) arrive from the tracker ({@link #leaked}); abandoned ones are found by {@link Abandonment}
 * every {@link #LOOK_EVERY_NANOS} (also with {@code reclaim=off}, for the advice). Each pool is given back
 * at most {@link #BATCH} connections per call, one call at a time, {@link #MIN_SPACING_NANOS} apart,
 * through the pool's own machinery ({@link PoolReclaimer}) on a pool-call worker ({@code PoolCalls}, via
 * {@link PoolWatch#callThenRead}). A pool whose own state disagrees after a reclaim, or whose reclaim
 * fails, is not reclaimed from again (one line). Reclaims are counted per pool and callsite, shown
 * everywhere the pool is, and warned about once per burst ({@link #takeBurst}). The monitor thread runs
 * {@link #tick}; nothing here logs from a worker.
 */
public final class Reclaimer implements TrackerListener, ReclaimView {

    static final int BATCH = 8;
    static final long MIN_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long LOOK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_QUEUED = 10_000;
    private static final String SUPPORTED = "HikariCP, DBCP2, Tomcat JDBC, c3p0 and Agroal";

    private final ReclaimMode mode;
    private final long reclaimAfterMillis;
    private final Consumer<String> log;
    // set by attach(), before the monitor starts
    private Housekeeper housekeeper;
    private Supplier<List<ConnectionRecord>> openRecords;
    private PoolWatch pools;
    private Abandonment abandonment;
    /** None with {@code reclaim=off}: a JVM that does not reclaim loads no pool's reclaimer. */
    private final List<PoolReclaimer> reclaimers;
    private final StaleHandles stale = new StaleHandles();
    private final HandleKeeper keeper;
    private final Map<Integer, PoolReclaims> byPool = new ConcurrentHashMap<>();
    /** Lines from workers and the hot path's notes, logged by the monitor. */
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final List<Consumer<Reclaimed>> listeners = new CopyOnWriteArrayList<>();
    // monitor thread only
    private final ArrayDeque<Lost> lost = new ArrayDeque<>();
    private final Set<Integer> named = new HashSet<>();
    private long lastLook;
    private long lastNaming;
    private long lastPrune;
    private long droppedQueued;
    private volatile Map<Integer, List<Abandoned>> abandonedNow = Map.of();
    private volatile String proxyHandles;

    /** One reclaimed connection, for JFR. */
    public static final class Reclaimed {
        public final String pool;
        public final String callsite;
        public final String kind;
        public final long heldMillis;

        Reclaimed(String pool, String callsite, String kind, long heldMillis) {
            this.pool = pool;
            this.callsite = callsite;
            this.kind = kind;
            this.heldMillis = heldMillis;
        }
    }

    /** What the last burst of reclaims says, for the {@code reclaim} trigger's WARN line and dump. */
    public static final class Burst {
        public final String message;
        public final String callsite;
        public final long count;

        Burst(String message, String callsite, long count) {
            this.message = message;
            this.callsite = callsite;
            this.count = count;
        }
    }

    private static final class Lost {
        final int pool;
        final Object entry;
        final String callsite;
        final long heldMillis;

        Lost(int pool, Object entry, String callsite, long heldMillis) {
            this.pool = pool;
            this.entry = entry;
            this.callsite = callsite;
            this.heldMillis = heldMillis;
        }
    }

    /** Made before the tracker, which takes its {@link #hooks}; {@link #attach} gives it the rest. */
    public Reclaimer(Config config, Consumer<String> log) {
        this.mode = config.reclaim;
        this.reclaimAfterMillis = config.reclaimAfterMillis;
        this.log = log;
        this.reclaimers = mode == ReclaimMode.OFF ? List.of() : List.of(new HikariReclaimer(), new Dbcp2Reclaimer(),
                new TomcatReclaimer(), new C3p0Reclaimer(), new AgroalReclaimer());
        this.keeper = mode == ReclaimMode.OFF ? null : new HandleKeeper(reclaimers, mode == ReclaimMode.ABANDONED, stale);
    }

    /** What it works with, once the tracker and the pools exist; before the monitor starts. */
    public Reclaimer attach(Housekeeper housekeeper, Supplier<List<ConnectionRecord>> openRecords, PoolWatch pools,
                            FrameClassifier classifier) {
        this.housekeeper = housekeeper;
        this.openRecords = openRecords;
        this.pools = pools;
        this.abandonment = new Abandonment(classifier);
        pools.reclaimView(this);
        return this;
    }

    /** The tracker's hooks, or null with {@code reclaim=off} (the hot path then does nothing for reclaim). */
    public ReclaimHooks hooks() {
        return keeper;
    }

    /**
     * With {@code reclaim=abandoned}: lets ConnTrack point a reclaimed Tomcat JDBC handle (a JDK proxy) at
     * its reclaimed connection (opens {@code java.lang.reflect} to ConnTrack's module only).
     */
    public void prepare(Instrumentation inst) {
        if (mode == ReclaimMode.ABANDONED && inst != null) {
            proxyHandles = ProxyHandles.open(inst);
        }
    }

    /** Told for each connection reclaimed (JFR); on a pool-call worker: keep it short. */
    public void addListener(Consumer<Reclaimed> l) {
        listeners.add(l);
    }

    @Override
    public String mode() {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    // --- Lost connections: from the tracker, on the monitor thread ----------------------------------

    @Override
    public void leaked(ConnectionRecord r, long ageNanos) {
        int pool = pools.poolOf(r.pool());
        if (keeper == null || pool <= 0) {
            return;
        }
        Object k = r.reclaimKey();
        r.dropReclaimKey();
        if (k == null) {
            return; // its handle class was named once (HandleKeeper), or its pool is not one ConnTrack reclaims from
        }
        Object entry = k instanceof HandleKeeper.Kept ? ((HandleKeeper.Kept) k).entry : k;
        if (lost.size() >= MAX_QUEUED) {
            droppedQueued++;
            return;
        }
        lost.add(new Lost(pool, entry, r.callsite().frame, TimeUnit.NANOSECONDS.toMillis(ageNanos)));
    }

    // --- The monitor's round ------------------------------------------------------------------------

    /** One monitor round: log, name new pools, start the due reclaims, look for abandoned connections. */
    public void tick(long nowNanos) {
        drainMessages();
        if (nowNanos - lastNaming >= TimeUnit.SECONDS.toNanos(1)) {
            lastNaming = nowNanos;
            nameNewPools();
        }
        if (!lost.isEmpty()) {
            startLost(nowNanos);
        }
        if (nowNanos - lastLook >= LOOK_EVERY_NANOS) {
            lastLook = nowNanos;
            lookForAbandoned(nowNanos);
        }
        if (nowNanos - lastPrune >= TimeUnit.SECONDS.toNanos(30)) {
            lastPrune = nowNanos;
            stale.prune();
        }
    }

    private void drainMessages() {
        if (keeper != null) {
            String u;
            while ((u = keeper.unreadable.poll()) != null) {
                log.accept("reclaim=" + mode() + ": " + u + "; such connections are counted and shown, never given back");
            }
        }
        String m;
        while ((m = messages.poll()) != null) {
            log.accept(m);
        }
        if (droppedQueued > 0) {
            log.accept("reclaim=" + mode() + ": " + droppedQueued + " lost connections were not given back: more than "
                    + MAX_QUEUED + " waited for their pools");
            droppedQueued = 0;
        }
    }

    private PoolReclaims state(int pool) {
        return byPool.computeIfAbsent(pool, k -> new PoolReclaims());
    }

    /** The reclaimer for a pool class, or null. */
    private PoolReclaimer forPool(String poolClass) {
        if (poolClass != null) {
            for (PoolReclaimer r : reclaimers) {
                if (r.accepts(poolClass)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Each pool ConnTrack cannot reclaim from is named once, when first seen, with the reason. */
    private void nameNewPools() {
        if (mode == ReclaimMode.OFF) {
            return;
        }
        for (Map.Entry<Integer, String> p : pools.poolClasses().entrySet()) {
            if (!named.add(p.getKey())) {
                continue;
            }
            PoolReclaimer r = forPool(p.getValue());
            String why = r == null ? "not a pool ConnTrack can reclaim from (it reclaims from " + SUPPORTED + ")"
                    : mode == ReclaimMode.LOST ? r.lostInvisible() : r.abandonedUnsupported();
            if (r != null && r.type().equals("tomcat") && mode == ReclaimMode.ABANDONED && proxyHandles != null) {
                log.accept("reclaim=abandoned: pool " + pools.poolLabel(p.getKey()) + ": java.lang.reflect could not be opened to"
                        + " ConnTrack (" + proxyHandles + "): a reclaimed handle fails with Tomcat's own 'already returned' message");
            }
            if (why != null) {
                state(p.getKey()).off(why);
                log.accept("reclaim=" + mode() + ": pool " + pools.poolLabel(p.getKey()) + ": " + why
                        + "; its leaked connections are counted and shown, not given back");
            }
        }
    }

    private void startLost(long now) {
        Map<Integer, List<Lost>> byPoolNow = new LinkedHashMap<>();
        for (Lost l : lost) {
            byPoolNow.computeIfAbsent(l.pool, k -> new ArrayList<>()).add(l);
        }
        lost.clear();
        for (Map.Entry<Integer, List<Lost>> e : byPoolNow.entrySet()) {
            int pool = e.getKey();
            List<Lost> items = e.getValue();
            PoolReclaims s = state(pool);
            PoolReclaimer r = forPool(pools.poolClass(pool));
            if (s.off() != null || r == null) {
                continue; // named once; never retried
            }
            if (now - s.lastCallNanos < MIN_SPACING_NANOS) {
                lost.addAll(items);
                continue;
            }
            List<Lost> batch = new ArrayList<>(items.subList(0, Math.min(BATCH, items.size())));
            if (pools.callThenRead(pool, p -> reclaimLost(pool, r, p, batch))) {
                s.lastCallNanos = now;
                lost.addAll(items.subList(batch.size(), items.size()));
            } else {
                lost.addAll(items); // another call into the pool is in flight: next round
            }
        }
    }

    /** On a pool-call worker. */
    private void reclaimLost(int poolId, PoolReclaimer r, Object pool, List<Lost> batch) {
        PoolReclaims s = state(poolId);
        for (Lost l : batch) {
            if (s.off() != null) {
                return;
            }
            try {
                PoolReclaimer.Result res = r.reclaimLost(pool, r.resolve(l.entry), "(connection reclaimed by ConnTrack: lost at " + l.callsite + ")");
                outcome(poolId, s, res, l.callsite, true, l.heldMillis);
            } catch (Throwable t) {
                failed(poolId, s, t, l.callsite);
                return;
            }
        }
    }

    private void outcome(int poolId, PoolReclaims s, PoolReclaimer.Result res, String callsite, boolean wasLost, long heldMillis) {
        switch (res) {
            case RECLAIMED:
                s.reclaimed(callsite, wasLost, System.nanoTime());
                Reclaimed event = new Reclaimed(pools.poolName(poolId), callsite, wasLost ? "lost" : "abandoned", heldMillis);
                for (Consumer<Reclaimed> l : listeners) {
                    try {
                        l.accept(event);
                    } catch (Throwable t) {
                        listeners.remove(l);
                    }
                }
                break;
            case ALREADY_BACK:
                s.alreadyBack();
                break;
            default:
                if (s.off("its own state disagrees: after ConnTrack gave back a connection " + (wasLost ? "lost" : "abandoned")
                        + " at " + callsite + ", the pool still counts it as in use")) {
                    messages.add("reclaim=" + mode() + ": pool " + pools.poolLabel(poolId) + ": its own state disagrees after a reclaim"
                            + " (a connection " + (wasLost ? "lost" : "abandoned") + " at " + callsite + " still counts as active);"
                            + " ConnTrack stops reclaiming from this pool (tracking goes on)");
                }
        }
    }

    private void failed(int poolId, PoolReclaims s, Throwable t, String callsite) {
        Throwable cause = t instanceof java.lang.reflect.InvocationTargetException && t.getCause() != null ? t.getCause() : t;
        String why = cause instanceof NotReclaimable ? cause.getMessage()
                : "reclaiming a connection acquired at " + callsite + " failed (" + Failures.typeOf(cause) + ")";
        if (s.off(why)) {
            messages.add("reclaim=" + mode() + ": pool " + pools.poolLabel(poolId) + ": " + why
                    + "; ConnTrack stops reclaiming from this pool (tracking goes on)");
        }
    }

    // --- Abandoned connections ------------------------------------------------------------------------

    private void lookForAbandoned(long now) {
        List<ConnectionRecord> found = abandonment.abandoned(openRecords.get(), now);
        Map<Integer, Map<String, long[]>> groups = new LinkedHashMap<>();
        for (ConnectionRecord r : found) {
            long[] g = groups.computeIfAbsent(pools.poolOf(r.pool()), k -> new LinkedHashMap<>()).computeIfAbsent(r.callsite().frame, k -> new long[2]);
            g[0]++;
            g[1] = Math.max(g[1], now - r.acquiredNanos());
        }
        Map<Integer, List<Abandoned>> view = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, long[]>> p : groups.entrySet()) {
            List<Abandoned> l = new ArrayList<>();
            for (Map.Entry<String, long[]> c : p.getValue().entrySet()) {
                l.add(new Abandoned(c.getKey(), (int) c.getValue()[0], c.getValue()[1] / 1e9));
            }
            l.sort((a, b) -> Integer.compare(b.held, a.held));
            view.put(p.getKey(), l);
        }
        abandonedNow = view;
        if (mode == ReclaimMode.ABANDONED) {
            reclaimAbandoned(found, now);
        }
    }

    private void reclaimAbandoned(List<ConnectionRecord> found, long now) {
        long after = TimeUnit.MILLISECONDS.toNanos(reclaimAfterMillis);
        Map<Integer, List<ConnectionRecord>> due = new LinkedHashMap<>();
        for (ConnectionRecord r : found) {
            if (now - r.acquiredNanos() > after && r.reclaimKey() instanceof HandleKeeper.Kept) {
                due.computeIfAbsent(pools.poolOf(r.pool()), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<Integer, List<ConnectionRecord>> e : due.entrySet()) {
            int pool = e.getKey();
            PoolReclaims s = state(pool);
            PoolReclaimer r = forPool(pools.poolClass(pool));
            if (s.off() != null || r == null || now - s.lastCallNanos < MIN_SPACING_NANOS) {
                continue; // the next look finds those still abandoned
            }
            List<ConnectionRecord> batch = new ArrayList<>(e.getValue().subList(0, Math.min(BATCH, e.getValue().size())));
            if (pools.callThenRead(pool, p -> reclaimAbandoned(pool, r, p, batch))) {
                s.lastCallNanos = now;
            }
        }
    }

    /** On a pool-call worker. */
    private void reclaimAbandoned(int poolId, PoolReclaimer r, Object pool, List<ConnectionRecord> batch) {
        PoolReclaims s = state(poolId);
        for (ConnectionRecord rec : batch) {
            if (s.off() != null) {
                return;
            }
            Object handle = rec.get();
            Object k = rec.reclaimKey();
            if (handle == null || !(k instanceof HandleKeeper.Kept) || !rec.isOpen()) {
                continue; // collected meanwhile (then it is a lost one), or closed
            }
            Object entry = ((HandleKeeper.Kept) k).entry;
            String callsite = rec.callsite().frame;
            long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rec.acquiredNanos());
            Connection staleConnection = ReclaimedConnection.create(ReclaimedConnection.message(callsite, heldMillis, reclaimAfterMillis));
            StaleHandles.Entry se = new StaleHandles.Entry(handle, entry, r, staleConnection);
            try {
                Object resolved = r.resolve(entry);
                if (!stale.add(se)) {
                    return; // too many reclaimed handles tracked: their closes must stay harmless, so none more now
                }
                if (!housekeeper.endReclaimed(rec)) {
                    stale.remove(se); // the application closed it first
                    continue;
                }
                rec.dropReclaimKey();
                r.disconnect(handle, entry, staleConnection);
                PoolReclaimer.Result res = r.reclaimAbandoned(pool, handle, resolved, staleConnection,
                        "(connection reclaimed by ConnTrack: abandoned at " + callsite + ")");
                outcome(poolId, s, res, callsite, false, heldMillis);
            } catch (Throwable t) {
                failed(poolId, s, t, callsite);
                return;
            }
        }
    }

    // --- What reporters read --------------------------------------------------------------------------

    @Override
    public List<Abandoned> abandoned(int pool) {
        return abandonedNow.getOrDefault(pool, List.of());
    }

    @Override
    public Reclaims reclaims(int pool, long nowNanos) {
        PoolReclaims s = byPool.get(pool);
        return s == null ? null : s.view(nowNanos);
    }

    /**
     * What was reclaimed since the last call, as one warning ("reclaimed 3 connections lost at X for pool
     * 'p'; fix that line"), or null. Monitor thread, when a dump may be written.
     */
    public Burst takeBurst() {
        StringBuilder msg = new StringBuilder();
        String first = null;
        long count = 0;
        long top = 0;
        for (Map.Entry<Integer, PoolReclaims> p : byPool.entrySet()) {
            for (Map.Entry<String, long[]> c : p.getValue().takeBurst().entrySet()) {
                long[] n = c.getValue();
                for (int kind = 0; kind < 2; kind++) {
                    if (n[kind] == 0) {
                        continue;
                    }
                    msg.append(msg.length() == 0 ? "" : "; ").append("reclaimed ").append(n[kind])
                            .append(n[kind] == 1 ? " connection " : " connections ").append(kind == 0 ? "lost" : "abandoned")
                            .append(" at ").append(c.getKey()).append(" for pool '").append(pools.poolName(p.getKey())).append("'")
                            .append(kind == 0 ? "" : " (held past reclaimAfter " + ReclaimedConnection.seconds(reclaimAfterMillis)
                                    + " with their acquiring method finished)")
                            .append("; fix that line");
                    count += n[kind];
                    if (n[kind] > top) {
                        top = n[kind];
                        first = c.getKey();
                    }
                }
            }
        }
        return count == 0 ? null : new Burst(msg.toString(), first, count);
    }

    /** Lost connections (collected unclosed) given back to their pools so far, all pools. */
    public long reclaimedLost() {
        long n = 0;
        for (PoolReclaims s : byPool.values()) {
            n += s.lost();
        }
        return n;
    }

    /** Reclaimed connections of every pool so far. */
    public long reclaimedTotal() {
        long n = 0;
        for (PoolReclaims s : byPool.values()) {
            n += s.total();
        }
        return n;
    }
}
