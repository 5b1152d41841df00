package io.conntrack.bootstrap;

/**
 * The only class advice code references. Kept tiny on purpose: it is injected into the bootstrap
 * class loader, so it must not depend on anything but the JDK and {@link Hooks}.
 */
public final class Bridge {

    /** Kinds of acquisition, passed as constants by the advice classes. */
    public static final int KIND_DRIVER = 1;
    public static final int KIND_DATASOURCE = 2;
    public static final int KIND_POOLED = 3;

    private static volatile Hooks hooks;

    private Bridge() {
    }

    public static void install(Hooks h) {
        hooks = h;
    }

    /** Turns all advice into no-ops, for good; used when the runtime hits an internal error. */
    public static void uninstall() {
        hooks = null;
    }

    public static boolean installed() {
        return hooks != null;
    }

    /** @param source the DataSource, Driver or PooledConnection asked, or null */
    public static long acquireEnter(Object source) {
        Hooks h = hooks;
        return h == null ? 0L : h.acquireEnter(source);
    }

    public static void acquireExit(long token, int kind, Object connection, Throwable thrown) {
        Hooks h = hooks;
        if (h != null && token != 0L) {
            h.acquireExit(token, kind, connection, thrown);
        }
    }

    /** Called by application call sites that ConnTrack marked, just before {@code getConnection()}. */
    public static void markSite(Object source, int siteId) {
        Hooks h = hooks;
        if (h != null) {
            h.markSite(source, siteId);
        }
    }

    /** Called by marked application call sites right after {@code getConnection()} returned. */
    public static void unmarkSite() {
        Hooks h = hooks;
        if (h != null) {
            h.unmarkSite();
        }
    }

    public static void closed(Object connection) {
        Hooks h = hooks;
        if (h != null) {
            h.closed(connection);
        }
    }
}
