package com.mchange.v2.conntracktest;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;

/**
 * Plays a pool's own code against a {@link Tracker}: in a pool's package ({@code com.mchange.v2.}, c3p0's),
 * so ConnTrack names these frames pool-owned. c3p0 takes a handle on one of its physical connections
 * ({@code PooledConnection.getConnection()}) at every check-in, and closes it.
 */
public final class PoolCheckin {

    private PoolCheckin() {
    }

    /** The pool's check-in, outside any borrow: returns the handle it took. */
    public static Object takeHandle(Tracker t, Object pooledConnection) {
        return pooledConnectionGetConnection(t, pooledConnection); // CHECKIN-HANDLE
    }

    /** The woven {@code PooledConnection.getConnection()}. */
    private static Object pooledConnectionGetConnection(Tracker t, Object pooledConnection) {
        long token = t.acquireEnter(pooledConnection);
        Object handle = new Object();
        t.acquireExit(token, Bridge.KIND_POOLED, handle, null);
        return handle;
    }
}
