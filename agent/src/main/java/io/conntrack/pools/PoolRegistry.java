package io.conntrack.pools;

import io.conntrack.tracking.PoolHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Gives each pool object (the {@code DataSource} whose {@code getConnection()} the application called)
 * a small id, so a connection record carries its pool as one int. The hot path ({@link #idOf}) is an
 * identity-hash lookup in a lock-free table: one {@code identityHashCode}, one array read, a weak
 * reference read per entry in the bucket. A pool seen for the first time is added with a CAS; nothing
 * is allocated for a pool already known. Pools are held weakly: a closed pool the application dropped
 * is collected, and its entry is pruned by the monitor ({@link #prune}).
 */
public final class PoolRegistry implements PoolHooks {

    /** Pools known at most; later ones share id 0 (no pool) rather than grow without bound. */
    static final int MAX_POOLS = 4096;
    private static final int BUCKETS = 256;

    private final AtomicReferenceArray<PoolEntry> buckets = new AtomicReferenceArray<>(BUCKETS);
    private final AtomicInteger nextId = new AtomicInteger(1);
    /** Entries by id (index 0 unused), copy-on-write: registration is rare. */
    private final AtomicReference<PoolEntry[]> byId = new AtomicReference<>(new PoolEntry[16]);

    public PoolRegistry() {
        // Initialized now, not at the first pool's registration: many virtual threads meeting a new pool
        // at once would otherwise wait on their initialization lock, pinned to their carriers.
        for (Class<?> c : new Class<?>[] {PoolEntry.class, PoolEntry.Demand.class}) {
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
        int id = nextId.get();
        if (id >= MAX_POOLS) {
            return 0;
        }
        if (!nextId.compareAndSet(id, id + 1)) {
            return idOf(source); // another thread registered one meanwhile (maybe this one): look again
        }
        PoolEntry entry = new PoolEntry(id, source, h);
        PoolEntry[] cur;
        PoolEntry[] next;
        do {
            cur = byId.get();
            next = cur.length > id ? cur.clone() : java.util.Arrays.copyOf(cur, Math.max(cur.length * 2, id + 1));
            next[id] = entry;
        } while (!byId.compareAndSet(cur, next));
        PoolEntry head;
        do {
            head = buckets.get(b);
            for (PoolEntry e = head; e != null; e = e.nextInBucket) {
                if (e.get() == source) {
                    entry.duplicateOf = e; // two threads registered the same pool at once: the first in the bucket wins
                    remove(entry);
                    return e.id;
                }
            }
            entry.nextInBucket = head;
        } while (!buckets.compareAndSet(b, head, entry));
        return id;
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

    /** Every entry, live or not yet pruned, by id. */
    public List<PoolEntry> entries() {
        List<PoolEntry> out = new ArrayList<>();
        for (PoolEntry e : byId.get()) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Forgets pools that were collected and that no open connection refers to ({@code inUseById}):
     * they leave {@link #entries()}, and their entry leaves its bucket when it heads it (the common
     * case); one left inside a chain costs a lookup in that bucket one weak-reference read. Monitor thread.
     */
    public void prune(long[] inUseById) {
        for (PoolEntry e : entries()) {
            if (e.get() == null && (e.id >= inUseById.length || inUseById[e.id] == 0)) {
                int b = e.hash & (BUCKETS - 1);
                buckets.compareAndSet(b, e, e.nextInBucket);
                remove(e);
            }
        }
    }
}
