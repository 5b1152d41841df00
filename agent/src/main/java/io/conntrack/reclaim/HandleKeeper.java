package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import io.conntrack.tracking.ReclaimHooks;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hot path's part of {@code reclaim}: at each acquisition it keeps what the pool needs to find the
 * connection's entry again, read from the handle through a getter made once per handle class (a
 * {@link ClassValue}: a class-value lookup and a method-handle call, no reflective walk); at a close no
 * record knows it disarms a handle ConnTrack reclaimed ({@link StaleHandles}). Handle classes no pool
 * reclaimer can read are noted once for the monitor to name.
 */
final class HandleKeeper implements ReclaimHooks {

    /** What a handle class maps to: a pool's reader of the entry, or why there is none. */
    private static final class Bound {
        final PoolReclaimer reclaimer;
        final PoolReclaimer.Keeper keeper;

        Bound(PoolReclaimer reclaimer, PoolReclaimer.Keeper keeper) {
            this.reclaimer = reclaimer;
            this.keeper = keeper;
        }
    }

    private static final class Unreadable {
        final String why;
        volatile boolean noted;

        Unreadable(String why) {
            this.why = why;
        }
    }

    /** What an abandoned-mode record keeps: the entry and the acquiring thread (is it alive? where is it?). */
    static final class Kept {
        final Object entry;
        final Thread thread;

        Kept(Object entry, Thread thread) {
            this.entry = entry;
            this.thread = thread;
        }
    }

    private static final Object NOT_A_POOL_HANDLE = new Object();

    private final List<PoolReclaimer> reclaimers;
    private final boolean keepThread;
    private final StaleHandles stale;
    /** Handle classes whose entries cannot be read, for the monitor's log, each once: "class: why". */
    final ConcurrentLinkedQueue<String> unreadable = new ConcurrentLinkedQueue<>();
    private final ClassValue<Object> bindings = new ClassValue<Object>() {
        @Override
        protected Object computeValue(Class<?> type) {
            for (PoolReclaimer r : reclaimers) {
                try {
                    PoolReclaimer.Keeper k = r.keeper(type);
                    if (k != null) {
                        return new Bound(r, k);
                    }
                } catch (NotReclaimable e) {
                    return new Unreadable(r.type() + " connection handle " + type.getName() + ": " + e.getMessage());
                } catch (RuntimeException | LinkageError e) {
                    return new Unreadable(r.type() + " connection handle " + type.getName() + ": " + e.getClass().getSimpleName());
                }
            }
            return NOT_A_POOL_HANDLE;
        }
    };

    HandleKeeper(List<PoolReclaimer> reclaimers, boolean keepThread, StaleHandles stale) {
        this.reclaimers = reclaimers;
        this.keepThread = keepThread;
        this.stale = stale;
        warmUp();
    }

    /**
     * Loads now what the first borrows run, and links a keeper's lambda and its method-handle call:
     * done first by thousands of virtual threads at once, each waits on a class-loading lock pinned to
     * its carrier (JFR's jdk.VirtualThreadPinned on JDK 25, reclaim=abandoned over HikariCP).
     */
    private static void warmUp() {
        List.of(Bound.class, Kept.class, Unreadable.class, NotReclaimable.class); // class literals load their classes
        try {
            PoolReclaimer.field(MethodHandles.identity(Object.class)).entry(NOT_A_POOL_HANDLE);
        } catch (Throwable t) {
            // only a warm-up: the first borrows do it instead
        }
    }

    @Override
    public Object keep(Object connection, Thread acquiring) {
        try {
            Object b = bindings.get(connection.getClass());
            if (b instanceof Bound) {
                Object entry = ((Bound) b).keeper.entry(connection);
                return entry == null ? null : keepThread ? new Kept(entry, acquiring) : entry;
            }
            if (b instanceof Unreadable && !((Unreadable) b).noted) {
                ((Unreadable) b).noted = true;
                unreadable.add(((Unreadable) b).why);
            }
        } catch (Throwable t) {
            // nothing kept: this connection is not reclaimed
        }
        return null;
    }

    @Override
    public void closedUntracked(Object connection) {
        stale.closing(connection);
    }

    /** The reclaimer whose keeper read {@code entry} (kept by {@link #keep}), or null. */
    PoolReclaimer reclaimerOfHandle(Class<?> handle) {
        Object b = bindings.get(handle);
        return b instanceof Bound ? ((Bound) b).reclaimer : null;
    }
}
