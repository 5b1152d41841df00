package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Collection;

/**
 * Tomcat JDBC: the handle is a JDK proxy whose invocation handler (kept from the acquisition) is the
 * borrow's {@code DisposableConnectionFacade}, in front of the interceptor chain that ends at the pool's
 * {@code ProxyConnection} and its {@code PooledConnection}. Giving it back is what the pool's own
 * abandoned-connection check does: under the connection's lock, take it out of {@code busy} and
 * {@code abandon(connection)} it (released: closed, the pool size drops, a waiting borrower gets a new
 * one). An abandoned handle's proxy is pointed at ConnTrack's reclaimed connection first (its
 * {@code Proxy.h}, which needs {@code java.lang.reflect} opened to ConnTrack: {@link ProxyHandles});
 * without that the borrow's facade is cut off ({@code setNext(null)}: Tomcat's own "already returned"
 * message).
 */
final class TomcatReclaimer extends PoolReclaimer {

    private static final String PACKAGE = "org.apache.tomcat.jdbc.pool.";
    private final ClassValue<Boolean> tomcatHandlers = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getName().startsWith(PACKAGE);
        }
    };
    private final Access.PerClass<Members> members = Access.perClass(Members::new);

    /** Keyed by the pool's ConnectionPool class. */
    private static final class Members {
        final Field busy;
        final Method abandon;

        Members(Class<?> connectionPool) throws NotReclaimable {
            try {
                busy = Access.find(connectionPool, PACKAGE + "ConnectionPool").getDeclaredField("busy");
                busy.setAccessible(true);
            } catch (NoSuchFieldException | RuntimeException e) {
                throw new NotReclaimable("Tomcat JDBC's ConnectionPool.busy cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            abandon = Access.method(connectionPool, "abandon", Access.load(PACKAGE + "PooledConnection", connectionPool));
        }
    }

    @Override
    String type() {
        return "tomcat";
    }

    @Override
    boolean accepts(String poolClass) {
        return poolClass.startsWith(PACKAGE);
    }

    @Override
    Keeper keeper(Class<?> handle) {
        if (!Proxy.isProxyClass(handle)) {
            return null;
        }
        return h -> {
            InvocationHandler ih = Proxy.getInvocationHandler(h);
            return tomcatHandlers.get(ih.getClass()) ? ih : null;
        };
    }

    /** The pool's ProxyConnection at the end of the chain from {@code handler}, or null. */
    private static Object proxyConnection(Object handler) throws Throwable {
        Object h = handler;
        for (int i = 0; h != null && i < 32; i++) {
            if (Access.find(h.getClass(), PACKAGE + "ProxyConnection") != null) {
                return h;
            }
            h = h.getClass().getMethod("getNext").invoke(h);
        }
        return null;
    }

    /** The PooledConnection and its ConnectionPool behind the kept handler, or null when the chain was cut (closed). */
    private static Object[] pooled(Object handler) throws Throwable {
        Object proxy = proxyConnection(handler);
        if (proxy == null) {
            return null;
        }
        Object pc = proxy.getClass().getMethod("getConnection").invoke(proxy);
        Object pool = proxy.getClass().getMethod("getParentPool").invoke(proxy);
        return pc == null || pool == null ? null : new Object[] {pc, pool};
    }

    /** The PooledConnection and its ConnectionPool, read before a handle is disconnected (that may cut the chain). */
    @Override
    Object resolve(Object kept) throws Throwable {
        return pooled(kept);
    }

    @Override
    Result reclaimLost(Object pool, Object resolved, String reason) throws Throwable {
        if (resolved == null) {
            return Result.ALREADY_BACK;
        }
        Object[] pp = (Object[]) resolved;
        return giveBack(pp[0], pp[1]);
    }

    private Result giveBack(Object pc, Object connectionPool) throws Throwable {
        Members m = members.of(connectionPool.getClass());
        Collection<?> busy = (Collection<?>) m.busy.get(connectionPool);
        Method lock = pc.getClass().getMethod("lock");
        Method unlock = pc.getClass().getMethod("unlock");
        lock.invoke(pc);
        try {
            if ((Boolean) pc.getClass().getMethod("isReleased").invoke(pc) || !busy.remove(pc)) {
                return Result.ALREADY_BACK; // the pool's own abandoned check, or a close, came first
            }
            m.abandon.invoke(connectionPool, pc);
        } finally {
            unlock.invoke(pc);
        }
        return (Boolean) pc.getClass().getMethod("isReleased").invoke(pc) && !busy.contains(pc) ? Result.RECLAIMED : Result.STILL_IN_USE;
    }

    @Override
    boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable {
        if (ProxyHandles.available()) {
            return ProxyHandles.replace(handle, entry, Proxy.getInvocationHandler(stale));
        }
        return cutFacade(entry);
    }

    private static boolean cutFacade(Object handler) throws Throwable {
        if (!handler.getClass().getName().equals(PACKAGE + "DisposableConnectionFacade")) {
            return false;
        }
        Object next = handler.getClass().getMethod("getNext").invoke(handler);
        handler.getClass().getMethod("setNext", Access.load(PACKAGE + "JdbcInterceptor", handler.getClass())).invoke(handler, (Object) null);
        return next != null;
    }

    @Override
    void disarm(Object handle, Object entry, Connection stale) throws Throwable {
        if (!ProxyHandles.available() || !ProxyHandles.replace(handle, entry, Proxy.getInvocationHandler(stale))) {
            if (Proxy.getInvocationHandler(handle) == entry) {
                cutFacade(entry);
            }
        }
    }

    @Override
    Result reclaimAbandoned(Object pool, Object handle, Object resolved, Connection stale, String reason) throws Throwable {
        return reclaimLost(pool, resolved, reason);
    }
}
