package com.acme.tracking;

import io.conntrack.bootstrap.Bridge;
import io.conntrack.tracking.Tracker;

/**
 * Plays woven JDBC code against a {@link Tracker}, in this JVM, from application frames (this package
 * is application code to ConnTrack): each method is one shape of acquisition, its marked line the callsite.
 */
public final class Jdbc {

    public static final Object POOL = new Object();
    public static final Object WRAPPER = new Object();
    public static final Object DRIVER = new Object();

    private Jdbc() {
    }

    /** A DataSource borrow, nothing nested. */
    public static Object borrow(Tracker t) {
        return dataSource(t, POOL); // BORROW
    }

    /** A wrapper's getConnection() calling the pool's: one acquisition, at this line. */
    public static Object throughWrapper(Tracker t) {
        return wrapperGetConnection(t); // THROUGH-WRAPPER
    }

    /** The wrapper's woven getConnection(). */
    private static Object wrapperGetConnection(Tracker t) {
        long outer = t.acquireEnter(WRAPPER);
        Object c = dataSource(t, POOL);
        t.acquireExit(outer, Bridge.KIND_DATASOURCE, c, null);
        return c;
    }

    /** {@code wrapper}'s getConnection() calling {@code pool}'s (a library's connection source over the application's pool). */
    public static Object through(Tracker t, Object wrapper, Object pool) {
        return wrapped(t, wrapper, pool); // THROUGH
    }

    private static Object wrapped(Tracker t, Object wrapper, Object pool) {
        long outer = t.acquireEnter(wrapper);
        Object c = dataSource(t, pool);
        t.acquireExit(outer, Bridge.KIND_DATASOURCE, c, null);
        return c;
    }

    /** A DataSource's own getConnection(), nothing nested (a driver's DataSource, or a pool). */
    public static Object from(Tracker t, Object source) {
        return dataSource(t, source); // FROM
    }

    /** A borrow in which the pool opens its physical connection: returns {application's, physical}. */
    public static Object[] borrowOpeningPhysical(Tracker t) {
        return poolGetConnectionOpeningPhysical(t); // OPENS-PHYSICAL
    }

    private static Object[] poolGetConnectionOpeningPhysical(Tracker t) {
        long outer = t.acquireEnter(POOL);
        long inner = t.acquireEnter(DRIVER);
        java.sql.Connection physical = physical();
        t.acquireExit(inner, Bridge.KIND_DRIVER, physical, null);
        Object proxy = new Proxy(physical);
        t.acquireExit(outer, Bridge.KIND_DATASOURCE, proxy, null);
        return new Object[] {proxy, physical};
    }

    /** A getConnection() that throws to the application. */
    public static void failing(Tracker t) {
        poolGetConnectionThrowing(t); // FAILS
    }

    private static void poolGetConnectionThrowing(Tracker t) {
        long token = t.acquireEnter(POOL);
        t.acquireExit(token, Bridge.KIND_DATASOURCE, null, new IllegalStateException("pool exhausted"));
    }

    /**
     * {@code DriverManager.getConnection} marked at this line: the first driver throws (DriverManager
     * tries the next), the second connects.
     */
    public static Object driverManager(Tracker t, int markId) {
        t.markDriverManager(markId); // DRIVER-MANAGER
        long first = t.acquireEnter(DRIVER);
        t.acquireExit(first, Bridge.KIND_DRIVER, null, new IllegalStateException("not my URL"));
        long second = t.acquireEnter(DRIVER);
        Object c = new Object();
        t.acquireExit(second, Bridge.KIND_DRIVER, c, null);
        t.unmarkDriverManager();
        return c;
    }

    /** Plays {@code source}'s woven getConnection() itself: the caller's line is the callsite. */
    public static Object getConnection(Tracker t, Object source) {
        long token = t.acquireEnter(source);
        Object c = new Object();
        t.acquireExit(token, Bridge.KIND_DATASOURCE, c, null);
        return c;
    }

    private static Object dataSource(Tracker t, Object source) {
        long token = t.acquireEnter(source);
        Object c = new Object();
        t.acquireExit(token, Bridge.KIND_DATASOURCE, c, null);
        return c;
    }

    /** A driver's connection: a do-nothing {@code java.sql.Connection}. */
    private static java.sql.Connection physical() {
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(Jdbc.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> null);
    }

    /** A pool's proxy: holds its physical connection in a field typed as a connection, as real pools' proxies do. */
    public static final class Proxy {
        final java.sql.Connection delegate;

        Proxy(java.sql.Connection physical) {
            this.delegate = physical;
        }
    }
}
