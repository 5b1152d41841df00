package io.conntrack.tracking;

/**
 * The pools as the hot path sees them: a small id per pool object, and the per-pool counts of
 * acquisitions, closes and failures. Implemented by {@code io.conntrack.pools.PoolRegistry}; the
 * tracker knows pools through this alone. Every method is lock-free and allocates nothing for a pool
 * already known.
 */
public interface PoolHooks {

    /** No pools known: every id is 0. */
    PoolHooks NONE = source -> 0;

    /** The pool id of {@code source} (a DataSource whose getConnection() was called), registering it; 0 for none. */
    int idOf(Object source);

    /** An application connection was acquired from pool {@code pool} (not 0). */
    default void acquired(int pool) {
    }

    /** An application connection of pool {@code pool} was closed after {@code heldNanos}. */
    default void closed(int pool, long heldNanos) {
    }

    /** An acquisition from pool {@code pool} threw to the application. */
    default void failed(int pool) {
    }

    /**
     * DataSource {@code outer}'s getConnection() got its connection from DataSource {@code inner}'s: outer
     * wraps inner (a wrapper, a library's connection source, a proxy), or inner opens outer's physical
     * connections (a pool's driver source). The pools decide which of the two is the pool.
     */
    default void delegated(Object outer, Object inner) {
    }
}
