package io.conntrack.tracking;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.bootstrap.Hooks;
import io.conntrack.config.Config;
import io.conntrack.config.StackMode;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The runtime behind the advice: counts acquisitions and closes per callsite, without locks.
 * An internal error of its own turns tracking off for good with one log line; a VirtualMachineError
 * (out of stack or memory) only drops the event it interrupted. The application never sees either.
 */
public final class Tracker implements Hooks {

    /** Token of a nested acquisition (a pool or wrapper called from inside another getConnection). */
    private static final long NESTED = Long.MIN_VALUE;
    /**
     * A nested acquisition this long after its outermost one started checks (a stack walk) that the
     * outermost one is still in progress: wrappers and pools nest within microseconds.
     */
    private static final long STALE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_MESSAGES = 64;
    private static final TrackerListener[] NO_LISTENERS = {};
    private static final AtomicReferenceFieldUpdater<Tracker, TrackerListener[]> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(Tracker.class, TrackerListener[].class, "listeners");

    private final Config config;
    private final CallsiteRegistry registry;
    private final CallsiteResolver resolver;
    private final OpenConnections open = new OpenConnections();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ThreadLocal<AcquireContext> context;
    private final LongAdder applicationOpen = new LongAdder();
    private final AtomicLong applicationPeak = new AtomicLong();
    /** Pool-owned connections open now, and the most open at once (pools open them rarely: exact is cheap). */
    private final LongAdder poolOpen = new LongAdder();
    private final AtomicLong poolPeak = new AtomicLong();
    /** Application connections collected while open; written by the monitor thread only. */
    private volatile long applicationLeaked;
    private final long holdThresholdNanos;
    private final Consumer<String> errorLog;
    /** Lines the hot path noted for the monitor thread to log. */
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final LongAdder droppedEvents = new LongAdder();
    private final AtomicBoolean droppedNoted = new AtomicBoolean();
    /** Copy-on-write: the hot path reads one field; adding and removing are CAS loops, so none is ever lost. */
    private volatile TrackerListener[] listeners = NO_LISTENERS;
    private final FrameClassifier classifier;

    /**
     * Callsites over {@code limit} not yet taken by the monitor: a lock-free stack linked through the
     * callsites themselves, each on it at most once (its pending flag, set by CAS, decides who pushes).
     */
    private final AtomicReference<Callsite> overLimit = new AtomicReference<>();
    /** The application total seen above {@code totalLimit} not yet taken by the monitor, or 0. */
    private final AtomicLong overTotal = new AtomicLong();
    /** Pool-owned records just closed, for {@link #endTakenBack}: a lock-free stack linked through them. */
    private final AtomicReference<ConnectionRecord> closedPhysical = new AtomicReference<>();
    /** Follows an application connection to the connections behind it (monitor thread only). */
    private final Delegates delegates = new Delegates();
    /** Pool ids (hot path: one lookup per acquisition) and everything about pools read off the hot path. */
    private final io.conntrack.pools.PoolRegistry pools = new io.conntrack.pools.PoolRegistry();
    private final io.conntrack.pools.PoolWatch poolWatch;

    public Tracker(Config config, Consumer<String> errorLog) {
        this.config = config;
        this.errorLog = errorLog;
        this.registry = new CallsiteRegistry(config.maxCallsites);
        this.classifier = new FrameClassifier(config.callsiteSkip, config.callsiteInclude);
        this.resolver = new CallsiteResolver(registry, classifier);
        this.context = ThreadLocal.withInitial(() -> new AcquireContext(resolver.new Walk()));
        this.holdThresholdNanos = TimeUnit.MILLISECONDS.toNanos(config.holdThresholdMillis);
        this.poolWatch = new io.conntrack.pools.PoolWatch(pools, this::openRecordsUnsorted, this::callsites, classifier, errorLog);
        CallsiteResolver.warmUp();
        initializeHotPathClasses();
    }

    /**
     * Initializes now the classes every acquisition uses: thousands of virtual threads that all
     * acquire for the first time at once would otherwise wait on their class-initialization lock,
     * pinned to their carriers (seen on JDK 25 with JFR's jdk.VirtualThreadPinned).
     */
    private void initializeHotPathClasses() {
        List<Class<?>> hot = new ArrayList<>(List.of(AcquireContext.class, CallsiteResolver.Walk.class, ConnectionRecord.class,
                AcquireStack.class, CallsiteRegistry.ClassSites.class, CallsiteRegistry.Site.class, Callsite.class,
                FrameClassifier.Kind.class));
        hot.addAll(List.of(io.conntrack.pools.PoolRegistry.hotPathClasses())); // a new pool's first acquisition
        for (Class<?> c : hot) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        context.get(); // and the per-thread context's initializer
    }

    /** Adds a reporter (the monitor, JFR); safe at any time, from any thread, also while another one fails. */
    public void addListener(TrackerListener added) {
        TrackerListener[] current;
        TrackerListener[] next;
        do {
            current = listeners;
            next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = added;
        } while (!LISTENERS.compareAndSet(this, current, next));
    }

    /** Removes {@code removed}; returns false when it was not there (any more). */
    boolean removeListener(TrackerListener removed) {
        TrackerListener[] current;
        TrackerListener[] next;
        do {
            current = listeners;
            int i = 0;
            while (i < current.length && current[i] != removed) {
                i++;
            }
            if (i == current.length) {
                return false;
            }
            next = new TrackerListener[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        } while (!LISTENERS.compareAndSet(this, current, next));
        return true;
    }

    @Override
    public long acquireEnter(Object source) {
        AcquireContext c = null;
        boolean entered = false;
        try {
            c = context.get();
            if (c.depth > 0 && !c.outerChecked && (source == c.outerSource || System.nanoTime() - c.outerStart > STALE_CHECK_NANOS)) {
                // Nested in an acquisition that started long ago, or on the same object: worth making sure
                // that one is still in progress (its exit may have been lost to a StackOverflowError).
                boolean inside = CallsiteResolver.insideAcquisition(); // may run out of stack itself: checked again next time
                c.outerChecked = true;
                if (!inside) {
                    c.reset();
                }
            }
            if (c.depth++ > 0) {
                return NESTED;
            }
            entered = true;
            Object marked = c.markSource;
            if (marked != null) {
                c.markSource = null; // consumed by the first outermost acquisition, matching or not
                c.markedSite = marked == source ? registry.marked(c.markId) : null;
            }
            long t = System.nanoTime();
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
                if (c.depth > 1) {
                    c.depth--; // the outermost exit alone ends the acquisition
                }
                if (connection != null && thrown == null) {
                    Callsite site = kind == Bridge.KIND_DRIVER ? physicalCallsite(c) : null;
                    if (!c.addPending(connection, site)) {
                        trackPoolNested(connection, System.nanoTime(), site);
                    }
                }
                return;
            }
            c.depth = 0; // the outermost exit, whatever nested exits were lost on the way
            long now = System.nanoTime();
            long wait = now - token;
            Callsite driverManager = kind == Bridge.KIND_DRIVER ? driverManagerSite(c, now) : null;
            if (thrown != null) {
                if (driverManager == null) {
                    Callsite site = callsite(c);
                    site.failed(wait);
                    if (kind == Bridge.KIND_DATASOURCE && !site.poolOwned) {
                        io.conntrack.pools.PoolEntry pool = pools.entry(pools.idOf(c.outerSource));
                        if (pool != null) {
                            pool.acquisitionFailed(); // for the pool's timeline
                        }
                    }
                } // else DriverManager tries the next driver: only what reaches the application is a failure
            } else if (connection != null && !isLazyProxy(connection)) {
                Callsite site = driverManager != null ? driverManager : callsite(c);
                if (!site.poolOwned) {
                    track(connection, site, wait, now, c.scope, kind == Bridge.KIND_DATASOURCE ? pools.idOf(c.outerSource) : 0);
                } else if (open.findOpen(connection, System.identityHashCode(connection)) == null) {
                    track(connection, site, wait, now, c.scope, 0);
                } // else a pool handing itself a connection it already tracks (Agroal's XA adapter)
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

    /**
     * Spring's {@code TransactionAwareDataSourceProxy} and {@code LazyConnectionDataSourceProxy} hand out
     * a JDK proxy that takes the real connection only on first use, from inside the proxy: that later
     * acquisition is the one that holds a pooled connection, so the proxy itself is not tracked.
     */
    static boolean isLazyProxy(Object connection) {
        Class<?> type = connection.getClass();
        if (!java.lang.reflect.Proxy.isProxyClass(type)) {
            return false;
        }
        String handler = java.lang.reflect.Proxy.getInvocationHandler(connection).getClass().getName();
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

    @Override
    public void markDriverManager(int siteId) {
        AcquireContext c = context.get();
        c.driverManagerSite = siteId;
        c.driverManagerStart = System.nanoTime();
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
            long wait = c.driverManagerSite == siteId ? System.nanoTime() - c.driverManagerStart : 0;
            c.driverManagerSite = -1;
            Callsite site = registry.marked(siteId);
            if (site != null) {
                site.failed(wait);
            }
        } catch (Throwable t) {
            failed(t);
        }
    }

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

    /** Where the class file transformer declares the call sites it marks as classes load. */
    public SiteTable siteTable() {
        return registry;
    }

    /** Tells application classes (callsites) from infrastructure, by name, as configured. */
    public FrameClassifier classifier() {
        return classifier;
    }

    private void track(Object connection, Callsite site, long wait, long now, long scope, int pool) {
        // inside a test scope every stack is kept: the test's failure message shows it
        AcquireStack stack = scope != 0 || shouldCapture(site, now) || Scopes.allThreadsWatched() ? new AcquireStack() : null;
        ConnectionRecord r = new ConnectionRecord(connection, System.identityHashCode(connection), collected, site, now,
                Thread.currentThread(), stack);
        r.scope = scope; // before open.add publishes the record
        r.pool = pool;
        if (site.poolId != pool && pool != 0) {
            site.poolId = pool;
        }
        open.add(r);
        long siteOpen = site.acquired(wait);
        if (site.poolOwned) {
            poolOpened();
        } else {
            applicationOpen.increment();
            if (siteOpen > config.limit && site.markOverLimit()) {
                Callsite head;
                do {
                    head = overLimit.get();
                    site.nextOverLimit = head;
                } while (!overLimit.compareAndSet(head, site));
            }
            // leaked before open: processCollected moves a connection from open to leaked in that order,
            // so read this way it is never counted in both
            long leaked = config.totalLimit > 0 ? applicationLeaked : 0;
            long total = applicationOpen.sum(); // a few cells: cheap, and read-mostly
            if (total > applicationPeak.get()) {
                applicationPeak.accumulateAndGet(total, Math::max);
            }
            if (config.totalLimit > 0) {
                checkTotalLimit(total, leaked);
            }
        }
    }

    /**
     * Leaked connections count towards {@code totalLimit}: a pool never gets back the connection
     * behind a collected proxy, so they are as gone from the pool as open ones.
     */
    private void checkTotalLimit(long open, long leaked) {
        if (open + leaked > config.totalLimit && overTotal.get() == 0) {
            overTotal.compareAndSet(0, open + leaked);
        }
    }

    /**
     * Whether to keep this acquisition's stack: always with {@code stacks=all}; with {@code sampled}, one in
     * {@code sampleRate}, plus the acquisitions of a callsite that recently leaked or held one too long
     * (a decaying window: {@link Callsite#SUSPICIOUS_CAPTURES_MAX} acquisitions within
     * {@link Callsite#SUSPICIOUS_NANOS}). Either way a callsite keeps at most
     * {@link Callsite#MAX_STACKS_HELD} open records with a stack.
     */
    private boolean shouldCapture(Callsite site, long now) {
        StackMode mode = config.stacks;
        if (mode == StackMode.OFF || site.stacksHeld() >= Callsite.MAX_STACKS_HELD) {
            return false;
        }
        boolean wanted = mode == StackMode.ALL
                || site.takeSuspiciousCapture(now)
                || ThreadLocalRandom.current().nextInt(config.stackSampleRate) == 0;
        return wanted && site.reserveStack();
    }

    /**
     * A driver connection opened inside another acquisition: a pool's physical connection. Named by
     * the pool's frame when the stack shows one (physical connections are rare: worth a walk).
     */
    private Callsite physicalCallsite(AcquireContext c) {
        Callsite site = resolver.resolve(c.walk);
        return site.poolOwned ? site : null;
    }

    private void trackPoolNested(Object connection, long now, Callsite known) {
        Callsite site = known != null ? known : registry.poolNested;
        open.add(new ConnectionRecord(connection, System.identityHashCode(connection), collected, site, now,
                Thread.currentThread(), null));
        site.acquired(0);
        poolOpened();
    }

    private void poolOpened() {
        poolOpen.increment();
        long n = poolOpen.sum();
        if (n > poolPeak.get()) {
            poolPeak.accumulateAndGet(n, Math::max);
        }
    }

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
                return;
            }
            ended(r, System.nanoTime());
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** Counts a record its close (or its pool taking it back) has just ended. */
    private void ended(ConnectionRecord r, long now) {
        long held = now - r.acquiredNanos;
        if (r.callsite.poolOwned) {
            // Keep the referent for the monitor: a proxy the application still holds may sit on it.
            ConnectionRecord head;
            do {
                head = closedPhysical.get();
                r.nextClosed = head;
            } while (!closedPhysical.compareAndSet(head, r));
        } else {
            r.clear(); // nothing left for the GC to report
        }
        open.popIfHead(r);
        r.callsite.closed(held);
        if (r.hasStack()) {
            r.callsite.stackReleased();
        }
        if (r.callsite.poolOwned) {
            poolOpen.decrement();
        } else {
            applicationOpen.decrement();
        }
        if (holdThresholdNanos > 0 && held > holdThresholdNanos && !r.callsite.poolOwned) {
            r.callsite.markSuspicious(now);
            notifyHeldTooLong(r, held);
        }
    }

    /**
     * Ends the application records whose connection a pool took back: HikariCP's
     * {@code evictConnection}, DBCP2's {@code invalidateConnection} or abandoned-connection removal close
     * the physical (pool-owned) connection under the proxy the application holds, which is then never
     * closed, or closed long after, or collected (a false leak). So when pool-owned connections were
     * closed, every open application connection that leads to one of them through its fields (the
     * proxy's delegate, a wrapper's, ...; see {@link Delegates}) is ended as closed now. Monitor thread;
     * returns how many it ended.
     */
    public int endTakenBack() {
        ConnectionRecord r = closedPhysical.getAndSet(null);
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
            ConnectionRecord next = r.nextClosed;
            r.nextClosed = null;
            r = next;
        }
        if (physical.isEmpty()) {
            return 0;
        }
        List<ConnectionRecord> takenBack = new ArrayList<>();
        open.forEachOpen(a -> {
            if (!a.callsite.poolOwned) {
                Object proxy = a.get();
                if (proxy != null && delegates.leadToAny(proxy, physical)) {
                    takenBack.add(a);
                }
            }
        });
        int n = 0;
        long now = System.nanoTime();
        for (ConnectionRecord a : takenBack) {
            if (a.end(ConnectionRecord.CLOSED)) { // unless the application closed it meanwhile
                ended(a, now);
                n++;
            }
        }
        return n;
    }

    /**
     * Waits up to {@code timeoutMillis} for connections collected while open and counts them as
     * leaked. Monitor thread only. Returns how many leaks it found.
     */
    public int processCollected(long timeoutMillis) throws InterruptedException {
        int leaks = 0;
        Reference<?> ref = timeoutMillis > 0 ? collected.remove(timeoutMillis) : collected.poll();
        while (ref != null) {
            ConnectionRecord r = ref instanceof ConnectionRecord ? (ConnectionRecord) ref : null; // null: wakeUp()
            if (r != null && r.end(ConnectionRecord.LEAKED)) {
                r.callsite.leaked();
                if (r.hasStack()) {
                    r.callsite.stackReleased();
                }
                if (r.callsite.poolOwned) {
                    poolOpen.decrement();
                } else {
                    applicationOpen.decrement();
                    applicationLeaked++;
                    leaks++;
                    if (r.pool != 0) {
                        poolWatch.lost(r.pool, r.callsite, System.nanoTime());
                    }
                    notifyLeaked(r, System.nanoTime() - r.acquiredNanos);
                }
            }
            ref = collected.poll();
        }
        if (leaks > 0 && config.totalLimit > 0) {
            checkTotalLimit(applicationOpen.sum(), applicationLeaked);
        }
        return leaks;
    }

    /** Ends a {@link #processCollected} wait now (the monitor's, when the JVM exits). */
    public void wakeUp() {
        new WeakReference<>(new Object(), collected).enqueue();
    }

    /** Unlinks ended records; monitor thread only. Also samples the application total for its peak. */
    public void sweep() {
        open.sweep();
        long total = applicationOpen.sum();
        if (total > applicationPeak.get()) {
            applicationPeak.accumulateAndGet(total, Math::max);
        }
    }

    /**
     * Takes every callsite that passed {@code limit} since the last call, in the order they did (each
     * once); the next acquisition of one over the limit reports it again. Monitor thread.
     */
    public List<Callsite> takeOverLimit() {
        Callsite c = overLimit.getAndSet(null);
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

    /** Returns and clears the application total seen above {@code totalLimit}, or 0. */
    public long takeOverTotal() {
        return overTotal.getAndSet(0);
    }

    public long applicationOpen() {
        return applicationOpen.sum();
    }

    public long applicationLeaked() {
        return applicationLeaked;
    }

    /**
     * Open connections held longer than the threshold that were not reported before.
     *
     * @param consume mark them reported (and their callsites suspicious), so they are returned once
     */
    public List<ConnectionRecord> newlyHeldTooLong(boolean consume) {
        List<ConnectionRecord> out = new ArrayList<>();
        if (holdThresholdNanos <= 0) {
            return out;
        }
        long now = System.nanoTime();
        open.forEachOpen(r -> {
            if (!r.holdReported && !r.callsite.poolOwned && now - r.acquiredNanos > holdThresholdNanos) {
                if (consume) {
                    r.holdReported = true;
                    r.callsite.markSuspicious(now);
                }
                out.add(r);
            }
        });
        return out;
    }

    /** Every open connection's record, in no particular order (the pools' once-a-second look: no sort). */
    public List<ConnectionRecord> openRecordsUnsorted() {
        List<ConnectionRecord> out = new ArrayList<>();
        open.forEachOpen(out::add);
        return out;
    }

    /** Every open connection's record, oldest first. */
    public List<ConnectionRecord> openRecords() {
        List<ConnectionRecord> out = new ArrayList<>();
        open.forEachOpen(out::add);
        out.sort(Comparator.comparingLong(r -> r.acquiredNanos));
        return out;
    }

    /** The pools ConnTrack has seen and what it knows of them (off the hot path). */
    public io.conntrack.pools.PoolWatch pools() {
        return poolWatch;
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
        return new Snapshot(System.currentTimeMillis(), sites, Totals.of(sites, false, applicationPeak.get()),
                Totals.of(sites, true, poolPeak.get()), sites.size());
    }

    public void resetPeaks() {
        for (Callsite c : registry.all()) {
            c.resetPeak();
        }
        applicationPeak.set(applicationOpen.sum());
        poolPeak.set(poolOpen.sum());
    }

    public Config config() {
        return config;
    }

    /** This thread's acquisition state, for {@link Scopes} (the test scope it acquires for). */
    AcquireContext threadContext() {
        return context.get();
    }

    /** Every record still linked (open, or ended and not yet unlinked), for {@link Scopes}. */
    void forEachLinked(Consumer<ConnectionRecord> action) {
        open.forEachLinked(action);
    }

    private void notifyHeldTooLong(ConnectionRecord r, long held) {
        for (TrackerListener l : listeners) {
            try {
                l.heldTooLong(r, held);
            } catch (VirtualMachineError e) {
                // out of stack or memory for a moment: this reporter misses this one event
            } catch (Throwable t) {
                listenerFailed(l, t);
            }
        }
    }

    void notifyLeaked(ConnectionRecord r, long age) {
        for (TrackerListener l : listeners) {
            try {
                l.leaked(r, age);
            } catch (VirtualMachineError e) {
                // out of stack or memory for a moment: this reporter misses this one event
            } catch (Throwable t) {
                listenerFailed(l, t);
            }
        }
    }

    /** A reporter that throws is switched off alone, with one line; counting and the other reporters go on. */
    private void listenerFailed(TrackerListener l, Throwable t) {
        if (removeListener(l)) {
            note("reporter " + Failures.typeOf(l) + " failed and is now off (counting and the other reporters go on): "
                    + Failures.describe(t));
        }
    }

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
        fail(t);
    }

    private void fail(Throwable t) {
        if (Bridge.installed()) {
            Bridge.uninstall();
            note("internal error, connection tracking is now off (the application is not affected): " + Failures.describe(t));
        }
    }

    /** Keeps a line for the monitor thread to log: no I/O on an application thread. */
    private void note(String message) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(message);
        }
    }

    /** Logs what the hot path noted since the last call. Monitor thread (or the shutdown hook). */
    public void drainMessages() {
        String m;
        while ((m = messages.poll()) != null) {
            errorLog.accept(m);
        }
    }

    /** Acquisitions and closes not counted because a VirtualMachineError interrupted them. */
    public long droppedEvents() {
        return droppedEvents.sum();
    }
}
