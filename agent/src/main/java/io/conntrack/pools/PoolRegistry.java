package io.conntrack.pools;

import io.conntrack.tracking.PoolHooks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Gives each pool object (the {@code DataSource} whose {@code getConnection()} the application called)
 * a small id, so a connection record carries its pool as one int. The hot path ({@link #idOf}) is an
 * identity-hash lookup in a lock-free table: one {@code identityHashCode}, one array read, a weak
 * reference read per entry in the bucket. A pool seen for the first time is added with a CAS; nothing
 * is allocated for a pool already known. Pools are held weakly: a pool the application dropped is
 * collected, and once no open connection and no callsite refers to it, the monitor prunes its entry
 * ({@link #prune}) and its id goes to the next new pool. Dumps name pools by their serial, which is never
 * given twice.
 */
public final class PoolRegistry implements PoolHooks {

    /** Ids are below this: at most {@value} - 1 pools are tracked at once; a pool beyond them gets id 0 (said once). */
    static final int MAX_POOLS = 4096;
    private static final int BUCKETS = 256;

    private final AtomicReferenceArray<PoolEntry> buckets = new AtomicReferenceArray<>(BUCKETS);
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger serials = new AtomicInteger();
    /** Ids of pruned pools that nothing refers to any more: the next new pools take them. */
    private final ConcurrentLinkedQueue<Integer> freeIds = new ConcurrentLinkedQueue<>();
    /** Ids of pruned pools that a callsite still names as the pool it last used; monitor thread only. */
    private final List<Integer> releasing = new ArrayList<>();
    /** Entries by id (index 0 unused), copy-on-write: registration is rare. */
    private final AtomicReference<PoolEntry[]> byId = new AtomicReference<>(new PoolEntry[16]);
    /** The class of the first pool that found every id taken, until the monitor has said so (once). */
    private volatile String firstUntracked;
    private final AtomicBoolean untrackedSaid = new AtomicBoolean();

    public PoolRegistry() {
        // Initialized now, not at the first pool's registration: many virtual threads meeting a new pool
        // at once would otherwise wait on their initialization lock, pinned to their carriers.
        for (Class<?> c : new Class<?>[] {PoolEntry.class, PoolEntry.Demand.class, PoolReader.class}) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The pool id of {@code source}, registering it the first time; 0 when it cannot have one. Hot path: no lock. */
    @Override
    public int idOf(Object source) {
        if (source == null) {
            return 0;
        }
        int h = System.identityHashCode(source);
        int b = h & (BUCKETS - 1);
        for (PoolEntry e = buckets.get(b); e != null; e = e.nextInBucket) {
            if (e.get() == source) {
                return e.id;
            }
        }
        return register(source, h, b);
    }

    private int register(Object source, int h, int b) {
        int id = takeId();
        if (id == 0) {
            if (firstUntracked == null && !untrackedSaid.get()) {
                firstUntracked = source.getClass().getName(); // said by the monitor: no I/O here
            }
            return 0;
        }
        PoolEntry entry = new PoolEntry(id, serials.incrementAndGet(), source, h);
        PoolEntry[] cur;
        PoolEntry[] next;
        do {
            cur = byId.get();
            next = cur.length > id ? cur.clone() : Arrays.copyOf(cur, Math.max(cur.length * 2, id + 1));
            next[id] = entry;
        } while (!byId.compareAndSet(cur, next));
        PoolEntry head;
        do {
            head = buckets.get(b);
            for (PoolEntry e = head; e != null; e = e.nextInBucket) {
                if (e.get() == source) {
                    entry.duplicateOf = e; // two threads registered the same pool at once: the first in the bucket wins
                    remove(entry);
                    freeIds.offer(id); // handed to no one: free at once
                    return e.id;
                }
            }
            entry.nextInBucket = head;
        } while (!buckets.compareAndSet(b, head, entry));
        return id;
    }

    /** A free id (one a pruned pool left, else the next never used), or 0 when all are taken. */
    private int takeId() {
        Integer free = freeIds.poll();
        if (free != null) {
            return free;
        }
        for (int id = nextId.get(); id < MAX_POOLS; id = nextId.get()) {
            if (nextId.compareAndSet(id, id + 1)) {
                return id;
            }
        }
        return 0;
    }

    private void remove(PoolEntry entry) {
        PoolEntry[] cur;
        PoolEntry[] next;
        do {
            cur = byId.get();
            if (cur.length <= entry.id || cur[entry.id] != entry) {
                return;
            }
            next = cur.clone();
            next[entry.id] = null;
        } while (!byId.compareAndSet(cur, next));
    }

    @Override
    public void acquired(int pool) {
        PoolEntry e = entry(resolve(pool));
        if (e != null) {
            e.acquired.increment();
        }
    }

    @Override
    public void closed(int pool, long heldNanos) {
        PoolEntry e = entry(resolve(pool));
        if (e != null) {
            e.closed.increment();
            e.holdTotalNanos.add(heldNanos);
        }
    }

    @Override
    public void failed(int pool) {
        PoolEntry e = entry(resolve(pool));
        if (e != null) {
            e.acquisitionFailed();
        }
    }

    @Override
    public void delegated(Object outer, Object inner) {
        PoolEntry e = entry(idOf(outer));
        int to = idOf(inner);
        if (e != null && to != 0 && to != e.id && e.delegateId != to) {
            e.delegateId = to;
        }
    }

    /**
     * The pool whose connections a DataSource with id {@code id} hands out: itself when it is a pool,
     * else the pool its delegates lead to (a wrapper over a wrapper over HikariCP is HikariCP); 0 when
     * none of them is a pool. A few array reads: the hot path's counters use it.
     */
    public int resolve(int id) {
        PoolEntry e = entry(id);
        for (int hops = 0; e != null && hops < 8; hops++) {
            if (e.isPool()) {
                return e.id;
            }
            int next = e.delegateId;
            e = next == 0 ? null : entry(next);
        }
        return 0;
    }

    /** The entry of pool {@code id}, or null. */
    public PoolEntry entry(int id) {
        PoolEntry[] a = byId.get();
        return id > 0 && id < a.length ? a[id] : null;
    }

    /** Every entry, live or not yet pruned, in the order the pools were first seen. */
    public List<PoolEntry> entries() {
        List<PoolEntry> out = new ArrayList<>();
        for (PoolEntry e : byId.get()) {
            if (e != null) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingInt(e -> e.serial));
        return out;
    }

    /**
     * Entries whose pool was collected. Asked before the open connections are read for {@link #prune}: a
     * connection of a pool is recorded while its pool is reachable, so none of these gets one after.
     */
    public List<PoolEntry> collected() {
        List<PoolEntry> out = new ArrayList<>();
        for (PoolEntry e : byId.get()) {
            if (e != null && e.get() == null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Forgets the {@code collected} pools that no open connection refers to ({@code inUseById}, read after
     * {@link #collected}): they leave {@link #entries()} and their bucket, so nothing of ConnTrack's reaches
     * them. Their ids go to new pools once no callsite names them as the pool it last used
     * ({@code idsNamedByCallsites}), so a callsite's pool is never another pool. Returns the entries
     * forgotten. Monitor thread.
     */
    public List<PoolEntry> prune(List<PoolEntry> collected, long[] inUseById, Set<Integer> idsNamedByCallsites) {
        List<PoolEntry> pruned = new ArrayList<>();
        for (PoolEntry e : collected) {
            if (e.get() == null && (e.id >= inUseById.length || inUseById[e.id] == 0) && entry(e.id) == e) {
                unlink(e);
                remove(e);
                releasing.add(e.id);
                pruned.add(e);
            }
        }
        if (!pruned.isEmpty()) { // a wrapper's link to a pool that is gone would lead to whichever pool gets its id next
            for (PoolEntry e : entries()) {
                for (PoolEntry gone : pruned) {
                    if (e.delegateId == gone.id) {
                        e.delegateId = 0;
                    }
                }
            }
        }
        for (Iterator<Integer> it = releasing.iterator(); it.hasNext(); ) {
            Integer id = it.next();
            if (!idsNamedByCallsites.contains(id)) {
                it.remove();
                freeIds.offer(id);
            }
        }
        return pruned;
    }

    /**
     * Takes {@code e} out of its bucket's chain: the head by CAS (registrations push heads), one inside
     * by pointing its predecessor past it (only the monitor unlinks, so no other thread changes that link).
     * A lookup already standing on {@code e} goes on through its unchanged link.
     */
    private void unlink(PoolEntry e) {
        int b = e.hash & (BUCKETS - 1);
        while (true) {
            PoolEntry head = buckets.get(b);
            if (head == e) {
                if (buckets.compareAndSet(b, e, e.nextInBucket)) {
                    return;
                }
                continue; // a registration pushed a new head: e is now inside the chain
            }
            for (PoolEntry p = head; p != null; p = p.nextInBucket) {
                if (p.nextInBucket == e) {
                    p.nextInBucket = e.nextInBucket;
                    return;
                }
            }
            return; // not in the chain (a duplicate registration never got in)
        }
    }

    /**
     * The class of the first pool that got no id because every id was taken, the first time this is
     * asked after that happened; null otherwise (also every later time). Monitor thread.
     */
    public String takeUntrackedNotice() {
        String c = firstUntracked;
        if (c == null || !untrackedSaid.compareAndSet(false, true)) {
            return null;
        }
        firstUntracked = null;
        return c;
    }

    /** How many pools can be tracked at once. */
    public static int capacity() {
        return MAX_POOLS - 1;
    }
}
