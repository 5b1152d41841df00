package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.Collection;

/**
 * Agroal: the handle is a {@code ConnectionWrapper} whose {@code handler} is the pool's
 * {@code ConnectionHandler} (kept from the acquisition). Giving it back is the pool's own flush: the
 * handler is marked flush-only ({@code setFlushOnly()}) and returned
 * ({@code returnConnectionHandler}), so the pool removes and destroys it and fills itself again; it
 * leaves {@code allConnections} at once. An abandoned wrapper's {@code wrappedConnection} is pointed at
 * ConnTrack's reclaimed connection first; its later {@code close()} is made a no-op ({@link #disarm}:
 * Agroal's own closed marker), or it would return the handler a second time.
 */
final class AgroalReclaimer extends PoolReclaimer {

    private static final String WRAPPER = "io.agroal.pool.wrapper.ConnectionWrapper";

    private final Access.PerClass<HandlerMembers> handlers = Access.perClass(HandlerMembers::new);
    private final Access.PerClass<WrapperMembers> wrappers = Access.perClass(WrapperMembers::new);

    private static final class HandlerMembers {
        final VarHandle state;
        final MethodHandle pool;
        final Method setFlushOnly;
        final Method returnHandler;
        final Class<?> handler;

        HandlerMembers(Class<?> handler) throws NotReclaimable {
            this.handler = handler;
            state = Access.varHandle(handler, "state");
            pool = Access.getter(handler, "connectionPool");
            setFlushOnly = Access.method(handler, "setFlushOnly");
            returnHandler = Access.method(Access.load("io.agroal.pool.Pool", handler), "returnConnectionHandler", handler);
        }
    }

    private static final class WrapperMembers {
        final VarHandle wrapped;
        final Object closed;

        WrapperMembers(Class<?> wrapper) throws NotReclaimable {
            wrapped = Access.varHandle(wrapper, "wrappedConnection");
            try {
                Field f = wrapper.getDeclaredField("CLOSED_CONNECTION");
                f.setAccessible(true);
                closed = f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new NotReclaimable("Agroal's ConnectionWrapper.CLOSED_CONNECTION cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    @Override
    String type() {
        return "agroal";
    }

    @Override
    boolean accepts(String poolClass) {
        return poolClass.startsWith("io.agroal.");
    }

    @Override
    Keeper keeper(Class<?> handle) throws NotReclaimable {
        Class<?> w = Access.find(handle, WRAPPER);
        return w == null ? null : field(Access.getter(w, "handler"));
    }

    private static boolean checkedOut(HandlerMembers m, Object handler) {
        return String.valueOf(m.state.getVolatile(handler)).equals("CHECKED_OUT");
    }

    /** Whether the pool still holds {@code handler} among its connections. */
    private static boolean pooled(Object connectionPool, Object handler) throws Throwable {
        Field all = Access.find(connectionPool.getClass(), "io.agroal.pool.ConnectionPool") == null ? null
                : connectionPool.getClass().getDeclaredField("allConnections");
        if (all == null) {
            throw new NotReclaimable(connectionPool.getClass().getName() + " is not Agroal's ConnectionPool");
        }
        all.setAccessible(true);
        return ((Collection<?>) all.get(connectionPool)).contains(handler);
    }

    @Override
    Result reclaimLost(Object pool, Object entry, String reason) throws Throwable {
        HandlerMembers m = handlers.of(entry.getClass());
        Object connectionPool = (Object) m.pool.invokeExact(entry);
        if (!checkedOut(m, entry) || !pooled(connectionPool, entry)) {
            return Result.ALREADY_BACK;
        }
        m.setFlushOnly.invoke(entry);
        m.returnHandler.invoke(connectionPool, entry);
        return pooled(connectionPool, entry) ? Result.STILL_IN_USE : Result.RECLAIMED;
    }

    @Override
    boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable {
        WrapperMembers w = wrappers.of(Access.find(handle.getClass(), WRAPPER));
        Object current = w.wrapped.getVolatile(handle);
        return current != w.closed && current != stale && w.wrapped.compareAndSet(handle, current, stale);
    }

    @Override
    void disarm(Object handle, Object entry, Connection stale) throws Throwable {
        WrapperMembers w = wrappers.of(Access.find(handle.getClass(), WRAPPER));
        w.wrapped.setVolatile(handle, w.closed); // Agroal's close() of a closed wrapper returns nothing
    }

    @Override
    Result reclaimAbandoned(Object pool, Object handle, Object entry, Connection stale, String reason) throws Throwable {
        return reclaimLost(pool, entry, reason);
    }
}
