package com.acme.dumps;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;

/**
 * Drives a {@link Tracker} the way the advice does, from application-like frames, for unit tests of
 * the dump renderers: {@link #connect} plays the instrumented driver method, its callers are the
 * callsites.
 */
public final class FakeJdbc {

    private static final Object POOL = new Object();
    private static final Object DRIVER = new Object();

    private FakeJdbc() {
    }

    /** A connection from one line, held open. */
    public static Object held(Tracker t) {
        return connect(t); // HELD
    }

    /** A connection taken and closed again. */
    public static void closedAfterUse(Tracker t) {
        t.closed(connect(t)); // CLOSED
    }

    /**
     * A pool's borrow that opens a physical connection inside it: returns the borrowed connection
     * (the application's, at this line) and the physical one (pool-owned).
     */
    public static Object[] pooled(Tracker t) {
        return borrow(t); // POOLED
    }

    private static Object[] borrow(Tracker t) {
        long outer = t.acquireEnter(POOL);
        long inner = t.acquireEnter(DRIVER);
        Object physical = new Object();
        t.acquireExit(inner, Bridge.KIND_DRIVER, physical, null);
        Object borrowed = new Object();
        t.acquireExit(outer, Bridge.KIND_DATASOURCE, borrowed, null);
        return new Object[] {borrowed, physical};
    }

    /**
     * A pool borrow that opens a physical connection inside it (as DBCP2 does when empty): returns the
     * proxy handed to the application and the pool-owned physical connection behind it.
     */
    public static Object[] borrowNew(Tracker t) {
        long outer = t.acquireEnter(POOL);
        long inner = t.acquireEnter(DRIVER);
        Object physical = new Object();
        t.acquireExit(inner, Bridge.KIND_POOLED, physical, null);
        Object proxy = new Object();
        t.acquireExit(outer, Bridge.KIND_DATASOURCE, proxy, null); // BORROW
        return new Object[] {proxy, physical};
    }

    private static Object connect(Tracker t) {
        long token = t.acquireEnter(null);
        Object connection = new Object();
        t.acquireExit(token, Bridge.KIND_DRIVER, connection, null);
        return connection;
    }
}
