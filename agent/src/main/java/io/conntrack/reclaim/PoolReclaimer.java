package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.MethodHandle;
import java.sql.Connection;

/**
 * How ConnTrack gives one kind of pool back a connection, through the pool's own machinery: it evicts
 * (closes) the physical connection so that the pool opens a new one, and never returns it for reuse (its
 * state is unknown, and a reclaimed handle must never reach a connection another thread holds). All but
 * {@link #keeper} and {@link #disarm} run on a {@code PoolCalls} worker.
 */
abstract class PoolReclaimer {

    /** What a reclaim found. */
    enum Result {
        /** The pool no longer counts the connection as in use. */
        RECLAIMED,
        /** The pool had already taken it back itself (its own abandoned removal, an eviction): nothing done. */
        ALREADY_BACK,
        /** After the reclaim the pool still counts the connection as in use: its state disagrees. */
        STILL_IN_USE
    }

    /** The pool type as dumps name it: hikari, dbcp2, tomcat, c3p0, agroal. */
    abstract String type();

    /** Whether {@code poolClass} (a DataSource whose getConnection() the application called) is this kind of pool. */
    abstract boolean accepts(String poolClass);

    /**
     * The hot path's way to read, from a handle of class {@code handle}, what this pool needs to find the
     * connection's entry again; null when such handles are not this pool's. Throws when they are but the
     * entry cannot be read (a version ConnTrack does not know, a module that does not open the package).
     */
    abstract Keeper keeper(Class<?> handle) throws NotReclaimable;

    /** Why reclaim=lost can never see this pool's leaks, or null when it can. */
    String lostInvisible() {
        return null;
    }

    /** Why reclaim=abandoned cannot reclaim from this pool, or null when it can. */
    String abandonedUnsupported() {
        return null;
    }

    /** What the reclaim itself works on, read from what was kept at the acquisition (by default that itself). */
    Object resolve(Object kept) throws Throwable {
        return kept;
    }

    /** Gives back the entry ({@link #resolve}d) of a connection whose handle was garbage-collected. */
    abstract Result reclaimLost(Object pool, Object entry, String reason) throws Throwable;

    /**
     * Makes the application's handle lead to {@code stale} instead of the physical connection; false when
     * it no longer led to it (the application closed it meanwhile).
     */
    abstract boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable;

    /**
     * close() or abort() began on a handle ConnTrack reclaimed (application thread, at the method's entry):
     * make it a no-op for the pool, which has already had its connection back. Must not throw.
     */
    abstract void disarm(Object handle, Object entry, Connection stale) throws Throwable;

    /** Gives back the entry ({@link #resolve}d before) of an abandoned connection whose handle was {@link #disconnect}ed. */
    abstract Result reclaimAbandoned(Object pool, Object handle, Object entry, Connection stale, String reason) throws Throwable;

    /** Reads the entry from a handle: a cached getter, no reflective walk. */
    interface Keeper {
        Object entry(Object handle) throws Throwable;
    }

    /** A field of the handle, through a method handle typed (Object)Object. */
    static Keeper field(MethodHandle getter) {
        return handle -> (Object) getter.invokeExact(handle);
    }
}
