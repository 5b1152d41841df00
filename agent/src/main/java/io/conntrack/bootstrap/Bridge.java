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

    /**
     * Woven before each return of an acquisition method: {@code dup; lload token; ldc kind;
     * invokestatic}. Leaves nothing behind and never throws, so no handler is needed around it.
     */
    public static void acquireReturned(Object connection, long token, int kind) {
        try {
            acquireExit(token, kind, connection, null);
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** Woven into an acquisition method's catch-all handler: {@code dup; lload token; ldc kind; invokestatic; athrow}. */
    public static void acquireThrew(Throwable thrown, long token, int kind) {
        try {
            acquireExit(token, kind, null, thrown);
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** Woven at the start of an acquisition method; 0 when anything goes wrong (then its exit does nothing). */
    public static long acquireEntered(Object source) {
        try {
            return acquireEnter(source);
        } catch (Throwable ignored) {
            return 0L;
        }
    }

    /** Woven before each return of {@code Connection.close()}/{@code abort(..)} and into its catch-all handler. */
    public static void connectionClosed(Object connection) {
        try {
            closed(connection);
        } catch (Throwable ignored) {
            // never into the application
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
