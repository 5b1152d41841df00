package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * Commons DBCP2: the handle is a {@code PoolGuardConnectionWrapper} whose {@code connection} is the
 * pool's {@code PoolableConnection} (kept from the acquisition). Giving it back is the pool's own
 * {@code ObjectPool.invalidateObject(connection)}, what DBCP2's abandoned-connection removal does: the
 * physical connection is destroyed and the pool creates one for a waiting borrower. Whether the pool still
 * counts it is its {@code GenericObjectPool.getPooledObject}: absent once invalidated.
 */
final class Dbcp2Reclaimer extends PoolReclaimer {

    static final String DELEGATING = "org.apache.commons.dbcp2.DelegatingConnection";
    private static final String POOLABLE = "org.apache.commons.dbcp2.PoolableConnection";

    private final Access.PerClass<Members> members = Access.perClass(Members::new);

    private static final class Members {
        final MethodHandle pool;
        final Method invalidate;
        final Method getPooledObject;
        final Method getState;
        final VarHandle delegate;

        Members(Class<?> poolable) throws NotReclaimable {
            Class<?> p = Access.find(poolable, POOLABLE);
            if (p == null) {
                throw new NotReclaimable(poolable.getName() + " is not a DBCP2 PoolableConnection");
            }
            pool = Access.getter(p, "pool");
            Class<?> objectPool = Access.load("org.apache.commons.pool2.ObjectPool", poolable);
            invalidate = Access.method(objectPool, "invalidateObject", Object.class);
            getPooledObject = Access.method(Access.load("org.apache.commons.pool2.impl.GenericObjectPool", poolable),
                    "getPooledObject", Object.class);
            getState = Access.method(Access.load("org.apache.commons.pool2.PooledObject", poolable), "getState");
            delegate = Access.varHandle(Access.find(poolable, DELEGATING), "connection");
        }
    }

    @Override
    String type() {
        return "dbcp2";
    }

    @Override
    boolean accepts(String poolClass) {
        return poolClass.startsWith("org.apache.commons.dbcp2.");
    }

    @Override
    Keeper keeper(Class<?> handle) throws NotReclaimable {
        Class<?> delegating = Access.find(handle, DELEGATING);
        return delegating == null || Access.find(handle, POOLABLE) != null ? null : field(Access.getter(delegating, "connection"));
    }

    /** Whether the pool counts {@code entry} as borrowed now (its pooled object is ALLOCATED). */
    private boolean allocated(Members m, Object objectPool, Object entry) throws Throwable {
        if (!m.getPooledObject.getDeclaringClass().isInstance(objectPool)) {
            throw new NotReclaimable(objectPool.getClass().getName() + " is not a GenericObjectPool");
        }
        Object pooled = m.getPooledObject.invoke(objectPool, entry);
        return pooled != null && String.valueOf(m.getState.invoke(pooled)).equals("ALLOCATED");
    }

    @Override
    Result reclaimLost(Object pool, Object entry, String reason) throws Throwable {
        Members m = members.of(entry.getClass());
        Object objectPool = (Object) m.pool.invokeExact(entry);
        if (!allocated(m, objectPool, entry)) {
            return Result.ALREADY_BACK;
        }
        m.invalidate.invoke(objectPool, entry);
        return m.getPooledObject.invoke(objectPool, entry) == null ? Result.RECLAIMED : Result.STILL_IN_USE;
    }

    @Override
    boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable {
        Members m = members.of(entry.getClass());
        if (!allocated(m, (Object) m.pool.invokeExact(entry), entry)) {
            return false;
        }
        return m.delegate.compareAndSet(handle, entry, stale);
    }

    @Override
    void disarm(Object handle, Object entry, Connection stale) throws Throwable {
        Members m;
        try {
            m = members.of(entry.getClass());
        } catch (NotReclaimable e) {
            return; // never reclaimed: nothing to disarm
        }
        // the wrapper's close() then finds a closed delegate and never returns the PoolableConnection
        Object current = m.delegate.getVolatile(handle);
        if (current == entry) {
            m.delegate.compareAndSet(handle, entry, stale);
        }
    }

    @Override
    Result reclaimAbandoned(Object pool, Object handle, Object entry, Connection stale, String reason) throws Throwable {
        return reclaimLost(pool, entry, reason);
    }
}
