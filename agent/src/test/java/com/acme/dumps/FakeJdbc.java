package com.acme.dumps;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;

/**
 * Drives a {@link Tracker} the way the advice does, from application-like frames, for unit tests of
 * the dump renderers: {@link #connect} plays the instrumented driver method, its callers are the
 * callsites.
 */
public final class FakeJdbc {

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

    private static Object connect(Tracker t) {
        long token = t.acquireEnter(null);
        Object connection = new Object();
        t.acquireExit(token, Bridge.KIND_DRIVER, connection, null);
        return connection;
    }
}
