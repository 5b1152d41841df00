package io.conntrack.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test scopes ({@code ConnTrack.beginScope}/{@code endScope}, used by the JUnit extension): which
 * application connections a test acquired that are still open, or were garbage-collected unclosed,
 * when it ends. A scope is a number in the acquiring thread's {@link AcquireContext}, copied to each
 * {@link ConnectionRecord} it tracks: the hot path pays one field read and one field write, no lock
 * and no allocation (a connection acquired inside a scope keeps its acquiring stack, for the test's
 * failure message). Everything else happens here, on the test's thread at the scope's start and end,
 * and on the monitor thread for leaks.
 *
 * <p>Threads: the thread that begins a scope is in it until it ends; a thread <em>started</em> by a
 * thread in a scope starts in that scope (an {@link InheritableThreadLocal}, read once, when the new
 * thread first acquires). Threads that existed before (pools, executors, a server's workers) are not,
 * so their connections count against no test, unless the scope was begun for all threads: it then
 * also takes every connection acquired after its start by a thread in no active scope (meant for tests
 * that run one at a time and call a server running in the same JVM).
 */
public final class Scopes implements TrackerListener {

    /** Most garbage-collected records remembered per scope; past that the scope reports the count only. */
    static final int MAX_LEAKED_KEPT = 1000;

    /** Set once a scope began in this JVM: until then new threads never look at {@link #INHERITED}. */
    private static volatile boolean used;
    private static final InheritableThreadLocal<Long> INHERITED = new InheritableThreadLocal<>();

    private final Tracker tracker;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Scope> active = new ConcurrentHashMap<>();
    /**
     * Active scopes begun for all threads, in this JVM: while there are some, every acquisition keeps its
     * stack, and the monitor looks for such scopes when a connection leaks.
     */
    private static final AtomicInteger ALL_THREAD_SCOPES = new AtomicInteger();

    /** One scope: its name and where its thread was before it. */
    public static final class Scope {
        public final long id;
        public final String name;
        public final long startNanos;
        /** Also takes connections acquired after the start by threads in no active scope. */
        public final boolean allThreads;
        final Thread owner;
        final long previous;
        final Long previousInherited;
        /** Records the monitor found garbage-collected while open; guarded by itself. */
        private final List<ConnectionRecord> leaked = new ArrayList<>();
        private long leakedDropped;

        Scope(long id, String name, boolean allThreads, Thread owner, long previous, Long previousInherited) {
            this.id = id;
            this.name = name;
            this.allThreads = allThreads;
            this.owner = owner;
            this.previous = previous;
            this.previousInherited = previousInherited;
            this.startNanos = System.nanoTime();
        }
    }

    /** What a scope holds now: its open and leaked application connections, oldest first. */
    public static final class Report {
        public final Scope scope;
        public final List<ConnectionRecord> records;
        /** Leaked records not kept (past {@link #MAX_LEAKED_KEPT}); counted only. */
        public final long leakedNotKept;
        public final boolean ended;

        Report(Scope scope, List<ConnectionRecord> records, long leakedNotKept, boolean ended) {
            this.scope = scope;
            this.records = records;
            this.leakedNotKept = leakedNotKept;
            this.ended = ended;
        }
    }

    public Scopes(Tracker tracker) {
        this.tracker = tracker;
        tracker.addListener(this);
    }

    /** The scope a new thread starts in: its starter's, if that was in one; else 0. */
    static long inherited() {
        if (!used) {
            return 0L;
        }
        Long s = INHERITED.get();
        return s == null ? 0L : s;
    }

    /** True while a scope for all threads is active: any thread's acquisition may be reported, with its stack. */
    static boolean allThreadsWatched() {
        return ALL_THREAD_SCOPES.get() > 0;
    }

    /**
     * Begins a scope on the calling thread (and the threads it starts from now on); returns its id, never 0.
     *
     * @param allThreads also take connections that threads in no active scope acquire from now on
     */
    public long begin(String name, boolean allThreads) {
        used = true;
        long id = ids.incrementAndGet();
        AcquireContext c = tracker.threadContext();
        Scope s = new Scope(id, name, allThreads, Thread.currentThread(), c.scope, INHERITED.get());
        active.put(id, s);
        if (allThreads) {
            ALL_THREAD_SCOPES.incrementAndGet();
        }
        c.scope = id;
        INHERITED.set(id);
        return id;
    }

    /** The scope's records now; null when no such scope is active. */
    public Report report(long id) {
        Scope s = active.get(id);
        return s == null ? null : collect(s, false);
    }

    /**
     * The scope's records now, and ends it: later leaks of its connections count against no scope.
     * On the thread that began it, that thread returns to the scope it was in before. Null when no
     * such scope is active.
     */
    public Report end(long id) {
        Scope s = active.get(id);
        if (s == null) {
            return null;
        }
        // read before removing: a leak the monitor is counting right now is either still linked (seen
        // by the scan) or already in the scope's list (the monitor adds it before it unlinks it)
        Report r = collect(s, true);
        if (active.remove(id) == null) {
            return null; // ended by another thread meanwhile
        }
        if (s.allThreads) {
            ALL_THREAD_SCOPES.decrementAndGet();
        }
        if (Thread.currentThread() == s.owner) {
            AcquireContext c = tracker.threadContext();
            if (c.scope == id) {
                c.scope = s.previous;
            }
            if (s.previousInherited == null) {
                INHERITED.remove();
            } else {
                INHERITED.set(s.previousInherited);
            }
        }
        return r;
    }

    /** Scopes begun and not ended. */
    public int activeCount() {
        return active.size();
    }

    private Report collect(Scope s, boolean ending) {
        Set<ConnectionRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ConnectionRecord> out = new ArrayList<>();
        long id = s.id;
        tracker.forEachLinked(r -> {
            if (belongs(s, r) && (r.isOpen() || r.isLeaked()) && seen.add(r)) {
                out.add(r);
            }
        });
        long dropped;
        synchronized (s.leaked) {
            for (ConnectionRecord r : s.leaked) {
                if (seen.add(r)) {
                    out.add(r);
                }
            }
            dropped = s.leakedDropped;
        }
        out.sort(Comparator.comparingLong(ConnectionRecord::acquiredNanos));
        return new Report(s, out, dropped, ending);
    }

    /** Whether the record counts in the scope: acquired in it, or (all threads) after its start outside any other. */
    private boolean belongs(Scope s, ConnectionRecord r) {
        if (r.callsite.poolOwned) {
            return false;
        }
        if (r.scope == s.id) {
            return true;
        }
        return s.allThreads && r.acquiredNanos - s.startNanos >= 0 && (r.scope == 0 || !active.containsKey(r.scope));
    }

    /** Monitor thread: an application connection was garbage-collected while open. */
    @Override
    public void leaked(ConnectionRecord record, long ageNanos) {
        long id = record.scope;
        Scope s = id == 0 ? null : active.get(id);
        if (s != null) {
            remember(s, record);
        }
        if (ALL_THREAD_SCOPES.get() > 0) { // else no active scope of this instance is for all threads
            for (Scope a : active.values()) {
                if (a != s && a.allThreads && belongs(a, record)) {
                    remember(a, record);
                }
            }
        }
    }

    private static void remember(Scope s, ConnectionRecord record) {
        synchronized (s.leaked) {
            if (s.leaked.size() < MAX_LEAKED_KEPT) {
                s.leaked.add(record);
            } else {
                s.leakedDropped++;
            }
        }
    }
}
