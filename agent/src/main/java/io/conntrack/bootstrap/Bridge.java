package io.conntrack.bootstrap;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The only class advice code references. Kept tiny on purpose: it is defined into java.base (as
 * {@code java.lang.ConnTrackBridge}, see {@code BridgeDefinition}), so it must not depend on anything
 * but the JDK and {@link Hooks}.
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

    // Every method below is called from application code (woven, advised or marked) and never
    // throws: nothing of the agent's may reach the application.

    /** @param source the DataSource, Driver or PooledConnection asked, or null; 0 when off or failing */
    public static long acquireEnter(Object source) {
        try {
            Hooks h = hooks;
            return h == null ? 0L : h.acquireEnter(source);
        } catch (Throwable t) {
            return 0L; // its exit then does nothing
        }
    }

    public static void acquireExit(long token, int kind, Object connection, Throwable thrown) {
        try {
            Hooks h = hooks;
            if (h != null && token != 0L) {
                h.acquireExit(token, kind, connection, thrown);
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** {@link #acquireExit} in the order woven code has on its stack before a return: {@code dup; lload; ldc}. */
    public static void acquireReturned(Object connection, long token, int kind) {
        acquireExit(token, kind, connection, null);
    }

    /** {@link #acquireExit} in the order of a woven catch-all handler: {@code dup; lload; ldc; invokestatic; athrow}. */
    public static void acquireThrew(Throwable thrown, long token, int kind) {
        acquireExit(token, kind, null, thrown);
    }

    /** Called by application call sites that ConnTrack marked, just before {@code getConnection()}. */
    public static void markSite(Object source, int siteId) {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.markSite(source, siteId);
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** Called by marked application call sites right after {@code getConnection()} returned. */
    public static void unmarkSite() {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.unmarkSite();
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** Called by marked application call sites just before {@code DriverManager.getConnection(..)}. */
    public static void markDriverManager(int siteId) {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.markDriverManager(siteId);
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /** Called by marked application call sites when {@code DriverManager.getConnection(..)} returned. */
    public static void unmarkDriverManager() {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.unmarkDriverManager();
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    /**
     * Bootstrap method of a marked application call of {@code DriverManager.getConnection(..)}: the same
     * call (looked up by the application class, so DriverManager sees that class as its caller), and if
     * it throws, {@link #driverManagerThrew} first, then the same throwable. The frames this adds are
     * hidden from stack traces (method handle internals), so the application's exceptions read as before.
     * Never fails the link: if the handler cannot be built, the plain call is linked.
     */
    public static CallSite driverManagerCall(MethodHandles.Lookup caller, String name, MethodType type, int siteId)
            throws ReflectiveOperationException {
        Class<?> driverManager = Class.forName("java.sql.DriverManager", false, ClassLoader.getPlatformClassLoader());
        MethodHandle call = caller.findStatic(driverManager, name, type);
        try {
            MethodHandle tell = MethodHandles.insertArguments(MethodHandles.lookup().findStatic(Bridge.class, "driverManagerThrew",
                    MethodType.methodType(void.class, Throwable.class, int.class)), 1, siteId);
            MethodHandle rethrow = MethodHandles.foldArguments(MethodHandles.throwException(type.returnType(), Throwable.class), tell);
            MethodHandle handler = MethodHandles.dropArguments(rethrow, 1, type.parameterList());
            return new ConstantCallSite(MethodHandles.catchException(call, Throwable.class, handler));
        } catch (Throwable t) {
            return new ConstantCallSite(call);
        }
    }

    /** A marked {@code DriverManager.getConnection(..)} threw {@code thrown}, which the application gets next. */
    public static void driverManagerThrew(Throwable thrown, int siteId) {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.driverManagerThrew(thrown, siteId);
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }

    public static void closed(Object connection) {
        try {
            Hooks h = hooks;
            if (h != null) {
                h.closed(connection);
            }
        } catch (Throwable ignored) {
            // never into the application
        }
    }
}
