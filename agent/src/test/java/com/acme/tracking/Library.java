package com.acme.tracking;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;

/**
 * A library whose every query goes through one helper that takes the connection ({@link #prepare}):
 * {@link #read} forgets to close it, {@link #lastModified} closes it. ConnTrack's callsite is the
 * helper's line; the line to fix is {@code read}'s call of it.
 */
public final class Library {

    private static final Object POOL = new Object();

    private Library() {
    }

    /** Leaks: the caller drops the connection. */
    public static Object read(Tracker t) {
        return prepare(t); // LEAKING-CALLER
    }

    /** Closes what it took. */
    public static void lastModified(Tracker t) {
        Object c = prepare(t); // HEALTHY-CALLER
        t.closed(c);
    }

    /** The shared helper: every query's connection is taken here. */
    static Object prepare(Tracker t) {
        return getConnection(t); // HELPER
    }

    /** The pool's woven getConnection(). */
    private static Object getConnection(Tracker t) {
        long token = t.acquireEnter(POOL);
        Object c = new Object();
        t.acquireExit(token, Bridge.KIND_DATASOURCE, c, null);
        return c;
    }
}
