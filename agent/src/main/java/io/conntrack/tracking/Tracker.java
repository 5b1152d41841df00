package io.conntrack.tracking;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.bootstrap.Hooks;
import io.conntrack.config.Config;
import io.conntrack.config.ReclaimMode;
import io.conntrack.config.StackMode;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The runtime behind the advice: counts acquisitions and closes per callsite, without locks. An
 * acquisition goes {@link #acquireEnter} → {@link #acquireExit} → {@link #track}; a close goes
 * {@link #closed} → {@link #release}. What happens later, on the monitor's thread (leaks, connections
 * a pool took back, sweeping), is the {@link Housekeeper}'s. An internal error of its own turns
 * tracking off for good with one log line; a VirtualMachineError (out of stack or memory) only drops
 * the event it interrupted. The application never sees either.
 */
public final class Tracker implements Hooks {

    /** Token of a nested acquisition (a pool or wrapper called from inside another getConnection). */
    private static final long NESTED = Long.MIN_VALUE;
    /**
     * A nested acquisition this long after its outermost one started checks (a stack walk) that the
     * outermost one is still in progress: wrappers and pools nest within microseconds.
     */
    private static final long STALE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_NOTES = 64;
    private static final Listeners.Event<TrackerListener, ConnectionRecord, Long> LEAKED = (l, r, age) -> l.leaked(r, age);
    private static final Listeners.Event<TrackerListener, ConnectionRecord, Long> HELD_TOO_LONG = (l, r, held) -> l.heldTooLong(r, held);

    final Config config;
    final Clock clock;
    final CallsiteRegistry registry;
    private final CallsiteResolver resolver;
    private final FrameClassifier classifier;
    final OpenConnections open = new OpenConnections();
    final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<AcquireContext> context;
    final OpenGauge application = new OpenGauge();
    /** Pool-owned connections (pools open them rarely: exact is cheap). */
    final OpenGauge pool = new OpenGauge();
    /** Application connections collected while open; written by the monitor thread only. */
    volatile long applicationLeaked;
    private final long holdThresholdNanos;
    final PoolHooks pools;
    final Listeners<TrackerListener> listeners;
    /** Lines the hot path noted for the monitor thread to log: no I/O on an application thread. */
    private final ConcurrentLinkedQueue<String> notes = new ConcurrentLinkedQueue<>();
    private final Consumer<String> errorLog;
    private final LongAdder droppedEvents = new LongAdder();
    private final AtomicBoolean droppedNoted = new AtomicBoolean();

    /**
     * Callsites over {@code limit} not yet taken by the monitor: a lock-free stack linked through the
     * callsites themselves, each on it at most once (its pending flag, set by CAS, decides who pushes).
     */
    final AtomicReference<Callsite> overLimit = new AtomicReference<>();
    /** The application total seen above {@code totalLimit} not yet taken by the monitor, or 0. */
    final AtomicLong overTotal = new AtomicLong();
    /** Pool-owned records just closed, for {@link Housekeeper#endTakenBack}: a lock-free stack linked through them. */
    final AtomicReference<ConnectionRecord> closedPhysical = new AtomicReference<>();
    /** Application records closed with a kept stack, for {@link Housekeeper#analyseStacks}; at most {@link #MAX_ANALYSING}. */
    final AtomicReference<ConnectionRecord> closedWithStack = new AtomicReference<>();
    final AtomicInteger analysing = new AtomicInteger();
    static final int MAX_ANALYSING = 256;
    private final Housekeeper housekeeper;
    /** {@code reclaim} on (and hooks given): the one check the hot path makes for it. */
    private final boolean reclaiming;
    private final ReclaimHooks reclaim;

    public Tracker(Config config, Consumer<String> errorLog) {
        this(config, errorLog, PoolHooks.NONE, Clock.SYSTEM);
    }

    public Tracker(Config config, Consumer<String> errorLog, PoolHooks pools, Clock clock) {
        this(config, errorLog, pools, clock, null);
    }

    public Tracker(Config config, Consumer<String> errorLog, PoolHooks pools, Clock clock, ReclaimHooks reclaim) {
        this.reclaiming = reclaim != null && config.reclaim != ReclaimMode.OFF;
        this.reclaim = reclaim;
        this.config = config;
        this.errorLog = errorLog;
        this.pools = pools;
        this.clock = clock;
        this.registry = new CallsiteRegistry(config.maxCallsites);
        this.classifier = new FrameClassifier(config.callsiteSkip, config.callsiteInclude);
        this.resolver = new CallsiteResolver(registry, classifier);
        this.context = ThreadLocal.withInitial(() -> new AcquireContext(resolver.new Walk()));
        this.holdThresholdNanos = TimeUnit.MILLISECONDS.toNanos(config.holdThresholdMillis);
        this.listeners = new Listeners<>((l, t, off) -> {
            if (off) {
                note("reporter " + Failures.typeOf(l) + " failed and is now off (counting and the other reporters go on): "
                        + Failures.describe(t));
            } // else out of stack or memory for a moment: this reporter misses this one event
        });
        this.housekeeper = new Housekeeper(this);
        CallsiteResolver.warmUp();
        initializeHotPathClasses();
    }

    /**
     * Initializes now the classes every acquisition uses: thousands of virtual threads that all
     * acquire for the first time at once would otherwise wait on their class-initialization lock,
     * pinned to their carriers (seen on JDK 25 with JFR's jdk.VirtualThreadPinned).
     */
    private void initializeHotPathClasses() {
        for (Class<?> c : List.of(AcquireContext.class, CallsiteResolver.Walk.class, ConnectionRecord.class, AcquireStack.class,
                CallsiteRegistry.ClassSites.class, CallsiteRegistry.Site.class, Callsite.class, FrameClassifier.Kind.class,
                Frames.class, OpenGauge.class)) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        context.get(); // and the per-thread context's initializer
    }

    /** Adds a reporter (the monitor, JFR, the pools); safe at any time, from any thread, also while another one fails. */
    public void addListener(TrackerListener added) {
        listeners.add(added);
    }

    boolean removeListener(TrackerListener removed) {
        return listeners.remove(removed);
    }

    /** The monitor thread's part: leaks, connections pools took back, sweeping, what triggers wait for. */
    public Housekeeper housekeeper() {
        return housekeeper;
    }

    // --- The hot path: an acquisition -------------------------------------------------------------

    @Override
    public long acquireEnter(Object source) {
        AcquireContext c = null;
        boolean entered = false;
        try {
            c = context.get();
            if (c.depth > 0 && !c.outerChecked && (source == c.outerSource || clock.nanoTime() - c.outerStart > STALE_CHECK_NANOS)) {
                // Nested in an acquisition that started long ago, or on the same object: worth making sure
                // that one is still in progress (its exit may have been lost to a StackOverflowError).
                boolean inside = CallsiteResolver.insideAcquisition(); // may run out of stack itself: checked again next time
                c.outerChecked = true;
                if (!inside) {
                    c.reset();
                }
            }
            if (c.depth++ > 0) {
                c.nestedSource(c.depth - 1, source);
                return NESTED;
            }
            entered = true;
            Object marked = c.markSource;
            if (marked != null) {
                c.markSource = null; // consumed by the first outermost acquisition, matching or not
                c.markedSite = marked == source ? registry.marked(c.markId) : null;
            }
            long t = clock.nanoTime();
            c.outerSource = source;
            c.outerStart = t;
            c.outerChecked = false;
            return t == 0L || t == NESTED ? 1L : t;
        } catch (Throwable t) {
            if (entered) {
                c.reset(); // token 0: no exit will follow
            }
            failed(t);
            return 0L;
        }
    }

    @Override
    public void acquireExit(long token, int kind, Object connection, Throwable thrown) {
        AcquireContext c = null;
        try {
            c = context.get();
            if (token == NESTED) {
                nestedExit(c, kind, connection, thrown);
                return;
            }
            c.depth = 0; // the outermost exit, whatever nested exits were lost on the way
            if (kind == Bridge.KIND_DATASOURCE) {
                dataSourceExit(c, 0, false);
            }
            long now = clock.nanoTime();
            long wait = now - token;
            Callsite driverManager = kind == Bridge.KIND_DRIVER ? driverManagerSite(c, now) : null;
            if (thrown != null) {
                if (driverManager == null) {
                    Callsite site = callsite(c);
                    site.failed(wait);
                    if (!site.poolOwned && kind == Bridge.KIND_DATASOURCE) {
                        int poolId = pools.idOf(c.outerSource);
                        if (poolId != 0) {
                            pools.failed(poolId);
                        }
                    }
                } // else DriverManager tries the next driver: only what reaches the application is a failure
            } else if (connection != null && !isLazyProxy(connection)) {
                Callsite site = driverManager != null ? driverManager : callsite(c);
                if (!site.poolOwned) {
                    track(connection, site, wait, now, c.scope, kind == Bridge.KIND_DATASOURCE ? pools.idOf(c.outerSource) : 0);
                } else if (kind != Bridge.KIND_POOLED && open.findOpen(connection, System.identityHashCode(connection)) == null) {
                    track(connection, site, wait, now, c.scope, 0);
                } // else a pool handing itself a connection it already tracks (Agroal's XA adapter), or a handle
                  // on one of its physical connections (c3p0 takes one at every check-in): not a connection of its own
            }
            for (int i = 0; i < c.pendingCount(); i++) {
                if (c.pending(i) != connection) {
                    trackPoolNested(c.pending(i), now, c.pendingSite(i));
                }
            }
        } catch (Throwable t) {
            failed(t);
        } finally {
            if (c != null && c.depth == 0) {
                c.reset();
            }
        }
    }

    /** A nested acquisition returned: only remember the connection it returned, for the outermost exit. */
    private void nestedExit(AcquireContext c, int kind, Object connection, Throwable thrown) {
        int depth = c.depth - 1; // this call's
        if (c.depth > 1) {
            c.depth--; // the outermost exit alone ends the acquisition
        }
        if (kind == Bridge.KIND_DATASOURCE) {
            dataSourceExit(c, depth, connection != null && thrown == null);
        }
        if (connection != null && thrown == null) {
            Callsite site = kind == Bridge.KIND_DRIVER ? physicalCallsite(c) : null;
            if (!c.addPending(connection, site)) {
                trackPoolNested(connection, clock.nanoTime(), site);
            }
        }
    }

    /**
     * A DataSource acquisition at {@code depth} ends: if it got its connection from a nested DataSource,
     * the pools learn that this one delegates (wrappers are not pools: {@link PoolHooks#delegated}).
     */
    private void dataSourceExit(AcquireContext c, int depth, boolean returned) {
        Object child = c.takeDataSourceChild(depth);
        if (child != null) {
            Object self = c.source(depth);
            if (self != null && self != child) {
                pools.delegated(self, child);
            }
        }
        if (returned) {
            c.dataSourceReturned(depth);
        }
    }

    /**
     * Spring's {@code TransactionAwareDataSourceProxy} and {@code LazyConnectionDataSourceProxy} hand out
     * a JDK proxy that takes the real connection only on first use, from inside the proxy: that later
     * acquisition is the one that holds a pooled connection, so the proxy itself is not tracked.
     */
    static boolean isLazyProxy(Object connection) {
        Class<?> type = connection.getClass();
        if (!Proxy.isProxyClass(type)) {
            return false;
        }
        String handler = Proxy.getInvocationHandler(connection).getClass().getName();
        return handler.startsWith("org.springframework.jdbc.datasource.")
                && (handler.contains("TransactionAware") || handler.contains("LazyConnection"));
    }

    /** The marked callsite if the call site announced itself, else the slow path: a stack walk. */
    private Callsite callsite(AcquireContext c) {
        Callsite site = c.markedSite;
        if (site != null) {
            c.markedSite = null;
            return site;
        }
        return resolver.resolve(c.walk);
    }

    /**
     * The callsite of the application's marked {@code DriverManager.getConnection(..)} in progress on this
     * thread, if a driver's {@code connect} is called inside one; else null. A mark left by a call whose
     * handler was lost (out of stack) is dropped when a walk finds no DriverManager frame.
     */
    private Callsite driverManagerSite(AcquireContext c, long now) {
        int id = c.driverManagerSite;
        if (id < 0) {
            return null;
        }
        if (now - c.driverManagerStart > STALE_CHECK_NANOS && !CallsiteResolver.insideDriverManager()) {
            c.driverManagerSite = -1;
            return null;
        }
        return registry.marked(id);
    }

    /**
     * A driver connection opened inside another acquisition: a pool's physical connection. Named by
     * the pool's frame when the stack shows one (physical connections are rare: worth a walk).
     */
    private Callsite physicalCallsite(AcquireContext c) {
        Callsite site = resolver.resolve(c.walk);
        return site.poolOwned ? site : null;
    }

    private void track(Object connection, Callsite site, long wait, long now, long scope, int poolId) {
        long siteOpen = site.acquired(wait); // first: a connection past the limit keeps its stack, for the limit dump
        boolean pastLimit = !site.poolOwned && siteOpen > config.limit;
        AcquireStack stack = keepStack(site, scope, now, pastLimit) ? new AcquireStack() : null;
        ConnectionRecord r = new ConnectionRecord(connection, System.identityHashCode(connection), collected, site, now,
                Thread.currentThread(), stack);
        r.scope = scope; // before open.add publishes the record
        r.pool = poolId;
        if (reclaiming && poolId != 0 && !site.poolOwned) {
            r.reclaim = reclaim.keep(connection, Thread.currentThread());
        }
        if (poolId != 0 && site.poolId != poolId) {
            site.poolId = poolId;
        }
        open.add(r);
        if (site.poolOwned) {
            pool.opened();
            return;
        }
        if (poolId != 0) {
            pools.acquired(poolId);
        }
        if (pastLimit && site.markOverLimit()) {
            site.openWhenOverLimit = siteOpen;
            Callsite head;
            do {
                head = overLimit.get();
                site.nextOverLimit = head;
            } while (!overLimit.compareAndSet(head, site));
        }
        // leaked before open: the housekeeper moves a connection from open to leaked in that order,
        // so read this way it is never counted in both
        long leaked = config.totalLimit > 0 ? applicationLeaked : 0;
        long total = application.opened();
        if (config.totalLimit > 0) {
            checkTotalLimit(total, leaked);
        }
    }

    /**
     * Leaked connections count towards {@code totalLimit}: a pool never gets back the connection
     * behind a collected proxy, so they are as gone from the pool as open ones.
     */
    void checkTotalLimit(long openNow, long leaked) {
        if (openNow + leaked > config.totalLimit && overTotal.get() == 0) {
            overTotal.compareAndSet(0, openNow + leaked);
        }
    }

    /**
     * Whether to keep this acquisition's stack: inside a test scope always (the test's failure message
     * shows it); with {@code stacks=all} always; with {@code sampled}, one in {@code sampleRate}, plus the
     * acquisitions of a callsite that recently leaked or held one too long (a decaying window:
     * {@link Callsite#SUSPICIOUS_CAPTURES_MAX} acquisitions within {@link Callsite#SUSPICIOUS_NANOS}).
     * An acquisition past {@code limit} keeps its stack too (the limit dump shows what it counted). Outside
     * scopes a callsite keeps at most {@link Callsite#MAX_STACKS_HELD} open records with a stack; every
     * kept stack is counted, so each release gives back exactly what was taken.
     */
    private boolean keepStack(Callsite site, long scope, long now, boolean pastLimit) {
        if (scope != 0 || Scopes.allThreadsWatched()) {
            site.stackKept();
            return true;
        }
        StackMode mode = config.stacks;
        if (mode == StackMode.OFF || site.stacksHeld() >= Callsite.MAX_STACKS_HELD) {
            return false;
        }
        boolean wanted = mode == StackMode.ALL || pastLimit
                || site.takeSuspiciousCapture(now)
                || ThreadLocalRandom.current().nextInt(config.stackSampleRate) == 0;
        return wanted && site.reserveStack();
    }

    private void trackPoolNested(Object connection, long now, Callsite known) {
        Callsite site = known != null ? known : registry.poolNested;
        open.add(new ConnectionRecord(connection, System.identityHashCode(connection), collected, site, now,
                Thread.currentThread(), null));
        site.acquired(0);
        pool.opened();
    }

    // --- The hot path: a close ----------------------------------------------------------------------

    /** {@code close()} or {@code abort()} began (woven at the method's entry: before a pool can hand the connection on). */
    @Override
    public void closed(Object connection) {
        try {
            ConnectionRecord r = open.findOpen(connection, System.identityHashCode(connection));
            if (r == null || !r.end(ConnectionRecord.CLOSED)) {
                // untracked (opened before the agent, an inner layer), a second close, or one opened
                // and closed inside a borrow in progress on this thread
                AcquireContext c = context.get();
                if (c.pendingCount() > 0) {
                    c.removePending(connection);
                }
                if (reclaiming) {
                    reclaim.closedUntracked(connection);
                }
                return;
            }
            release(r, ConnectionRecord.CLOSED, clock.nanoTime());
        } catch (Throwable t) {
            failed(t);
        }
    }

    /**
     * Counts a record that has just ended (its state CAS done): closed by the application, taken back by
     * its pool (both {@code CLOSED}), or garbage-collected while open ({@code LEAKED}, monitor thread).
     */
    void release(ConnectionRecord r, int how, long now) {
        Callsite site = r.callsite;
        long held = now - r.acquiredNanos;
        if (how == ConnectionRecord.LEAKED) {
            site.leaked(now);
        } else {
            site.closed(held);
        }
        if (r.hasStack()) {
            site.stackReleased();
        }
        if (site.poolOwned) {
            pool.closed();
            if (how == ConnectionRecord.CLOSED) {
                // Keep the referent for the housekeeper: a proxy the application still holds may sit on it.
                ConnectionRecord head;
                do {
                    head = closedPhysical.get();
                    r.nextEnded = head;
                } while (!closedPhysical.compareAndSet(head, r));
                open.popIfHead(r);
            }
            return;
        }
        application.closed();
        if (how == ConnectionRecord.LEAKED) {
            applicationLeaked++; // after open: see track()
            listeners.tell(LEAKED, r, held);
            return;
        }
        r.clear(); // nothing left for the GC to report
        open.popIfHead(r);
        if (r.pool != 0) {
            pools.closed(r.pool, held);
        }
        if (holdThresholdNanos > 0 && held > holdThresholdNanos) {
            r.holdReported = true;
            site.markSuspicious(now);
            listeners.tell(HELD_TOO_LONG, r, held);
        }
        if (r.hasStack() && !r.pathCounted && site.isSuspicious(now)) {
            toAnalyse(r); // a suspicious callsite's healthy (or late) paths, to compare with its leaks
        }
    }

    /** Hands a closed record with its stack to the housekeeper ({@link Housekeeper#analyseStacks}); at most a few wait. */
    private void toAnalyse(ConnectionRecord r) {
        if (analysing.get() >= MAX_ANALYSING || analysing.incrementAndGet() > MAX_ANALYSING) {
            analysing.decrementAndGet(); // the housekeeper is behind: this one is not compared
            return;
        }
        ConnectionRecord head;
        do {
            head = closedWithStack.get();
            r.nextEnded = head;
        } while (!closedWithStack.compareAndSet(head, r));
    }

    // --- The marks that application call sites set as they call getConnection() ---------------------

    @Override
    public void markSite(Object source, int siteId) {
        AcquireContext c = context.get();
        c.markSource = source;
        c.markId = siteId;
    }

    @Override
    public void unmarkSite() {
        context.get().markSource = null;
    }

    @Override
    public void markDriverManager(int siteId) {
        AcquireContext c = context.get();
        c.driverManagerSite = siteId;
        c.driverManagerStart = clock.nanoTime();
    }

    @Override
    public void unmarkDriverManager() {
        context.get().driverManagerSite = -1;
    }

    /**
     * The application's {@code DriverManager.getConnection(..)} threw: one failed acquisition at its line,
     * whether a driver threw or none took the URL ("No suitable driver", which no driver code sees).
     */
    @Override
    public void driverManagerThrew(Throwable thrown, int siteId) {
        try {
            AcquireContext c = context.get();
            long wait = c.driverManagerSite == siteId ? clock.nanoTime() - c.driverManagerStart : 0;
            c.driverManagerSite = -1;
            Callsite site = registry.marked(siteId);
            if (site != null) {
                site.failed(wait);
            }
        } catch (Throwable t) {
            failed(t);
        }
    }

    // --- Failures -----------------------------------------------------------------------------------

    /**
     * A throwable inside the hot path. A {@link VirtualMachineError} (out of stack in a deep recursion,
     * out of memory) is the application's or the JVM's trouble, not a fault of ConnTrack: it drops the
     * one event it interrupted, counted, said once. Anything else is ConnTrack's own failure and switches
     * tracking off for good.
     */
    private void failed(Throwable t) {
        if (t instanceof VirtualMachineError) {
            droppedEvents.increment();
            if (!droppedNoted.get() && !droppedNoted.getAndSet(true)) {
                note("a " + t.getClass().getName() + " on thread \"" + Thread.currentThread().getName()
                        + "\" cost one acquisition or close that is now not counted; tracking goes on "
                        + "(such events are counted as agent.droppedEvents)");
            }
            return;
        }
        if (Bridge.installed()) {
            Bridge.uninstall();
            note("internal error, connection tracking is now off (the application is not affected): " + Failures.describe(t));
        }
    }

    /** Keeps a line for the monitor thread to log: no I/O on an application thread. */
    void note(String message) {
        if (notes.size() < MAX_NOTES) {
            notes.add(message);
        }
    }

    /** Logs what the hot path noted since the last call. Monitor thread (or the shutdown hook). */
    public void drainMessages() {
        String m;
        while ((m = notes.poll()) != null) {
            errorLog.accept(m);
        }
    }

    /** Acquisitions and closes not counted because a VirtualMachineError interrupted them. */
    public long droppedEvents() {
        return droppedEvents.sum();
    }

    // --- What reporters read ------------------------------------------------------------------------

    public long applicationOpen() {
        return application.open();
    }

    public long applicationLeaked() {
        return applicationLeaked;
    }

    /** Every open connection's record, in no particular order (the pools' once-a-second look: no sort). */
    public List<ConnectionRecord> openRecordsUnsorted() {
        List<ConnectionRecord> out = new ArrayList<>();
        open.forEachOpen(out::add);
        return out;
    }

    /** Every open connection's record, oldest first. */
    public List<ConnectionRecord> openRecords() {
        List<ConnectionRecord> out = openRecordsUnsorted();
        out.sort(Comparator.comparingLong(r -> r.acquiredNanos));
        return out;
    }

    /** Every callsite known, in no particular order. */
    public List<Callsite> callsites() {
        List<Callsite> out = new ArrayList<>();
        for (Callsite c : registry.all()) {
            out.add(c);
        }
        return out;
    }

    public Snapshot snapshot() {
        List<CallsiteSnapshot> sites = new ArrayList<>();
        for (Callsite c : registry.all()) {
            sites.add(c.snapshot());
        }
        sites.sort(Comparator.comparingLong((CallsiteSnapshot s) -> s.open).reversed()
                .thenComparing(Comparator.comparingLong((CallsiteSnapshot s) -> s.leaked).reversed())
                .thenComparing(s -> s.callsite));
        // The count is of the callsites listed: one created but never used (an acquisition that returned
        // nothing, or out of stack before it counted) is neither.
        application.samplePeak(); // the peak includes what is open now
        pool.samplePeak();
        return new Snapshot(System.currentTimeMillis(), sites, Totals.of(sites, false, application.peak()),
                Totals.of(sites, true, pool.peak()), sites.size());
    }

    public void resetPeaks() {
        for (Callsite c : registry.all()) {
            c.resetPeak();
        }
        application.resetPeak();
        pool.resetPeak();
    }

    public Config config() {
        return config;
    }

    /** The time as the tracker reads it ({@code System.nanoTime()} but in tests). */
    public Clock clock() {
        return clock;
    }

    /** Where the class file transformer declares the call sites it marks as classes load. */
    public SiteTable siteTable() {
        return registry;
    }

    /** Tells application classes (callsites) from infrastructure, by name, as configured. */
    public FrameClassifier classifier() {
        return classifier;
    }

    /** This thread's acquisition state, for {@link Scopes} (the test scope it acquires for). */
    AcquireContext threadContext() {
        return context.get();
    }

    /** Every record still linked (open, or ended and not yet unlinked), for {@link Scopes}. */
    void forEachLinked(Consumer<ConnectionRecord> action) {
        open.forEachLinked(action);
    }
}
