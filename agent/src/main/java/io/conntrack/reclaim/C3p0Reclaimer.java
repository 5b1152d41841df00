package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.Collection;
import java.util.Map;

/**
 * c3p0: the handle is a {@code NewProxyConnection} whose {@code parentPooledConnection} is the pool's
 * resource. c3p0 itself keeps the handle of every checked-out connection reachable
 * ({@code NewPooledConnection.exposedProxy}), so a connection dropped unclosed is never garbage-collected:
 * {@code reclaim=lost} never sees one; {@code reclaim=abandoned} does. Giving it back is the resource
 * pool's own {@code markBroken(resource)}: removed and destroyed, and the pool acquires a replacement.
 * The handle is detached first ({@code inner} = ConnTrack's reclaimed connection, then its parent
 * cleared): a detached c3p0 proxy's {@code close()} does nothing.
 */
final class C3p0Reclaimer extends PoolReclaimer {

    private static final String PROXY = "com.mchange.v2.c3p0.impl.NewProxyConnection";

    private final Access.PerClass<ProxyMembers> proxies = Access.perClass(ProxyMembers::new);
    private final Access.PerClass<PoolMembers> pools = Access.perClass(PoolMembers::new);

    private static final class ProxyMembers {
        final VarHandle inner;
        final VarHandle parent;

        ProxyMembers(Class<?> proxy) throws NotReclaimable {
            inner = Access.varHandle(proxy, "inner");
            parent = Access.varHandle(proxy, "parentPooledConnection");
        }
    }

    /** Keyed by the DataSource class: its pool manager, the default-user pool, its resource pool. */
    private static final class PoolMembers {
        final Field poolManager;
        final Method getPool;
        final MethodHandle rp;
        final Method markBroken;
        final Field managed;
        final Field unused;

        PoolMembers(Class<?> dataSource) throws NotReclaimable {
            try {
                poolManager = Access.find(dataSource, "com.mchange.v2.c3p0.impl.AbstractPoolBackedDataSource").getDeclaredField("poolManager");
                poolManager.setAccessible(true);
                Class<?> basic = Access.load("com.mchange.v2.resourcepool.BasicResourcePool", dataSource);
                managed = basic.getDeclaredField("managed");
                managed.setAccessible(true);
                unused = basic.getDeclaredField("unused");
                unused.setAccessible(true);
            } catch (NoSuchFieldException | NullPointerException | SecurityException e) {
                throw new NotReclaimable("c3p0's pool internals are not where ConnTrack looks (" + e.getClass().getSimpleName() + ")");
            }
            markBroken = Access.method(Access.load("com.mchange.v2.resourcepool.BasicResourcePool", dataSource), "markBroken", Object.class);
            getPool = Access.method(Access.load("com.mchange.v2.c3p0.impl.C3P0PooledConnectionPoolManager", dataSource), "getPool");
            rp = Access.getter(Access.load("com.mchange.v2.c3p0.impl.C3P0PooledConnectionPool", dataSource), "rp");
        }
    }

    @Override
    String type() {
        return "c3p0";
    }

    @Override
    boolean accepts(String poolClass) {
        return poolClass.startsWith("com.mchange.v2.c3p0.");
    }

    @Override
    String lostInvisible() {
        return "c3p0 keeps every checked-out connection's handle reachable (NewPooledConnection.exposedProxy), so a"
                + " connection dropped without close() is never garbage-collected and reclaim=lost never sees it;"
                + " reclaim=abandoned can give such connections back";
    }

    @Override
    Keeper keeper(Class<?> handle) throws NotReclaimable {
        return Access.find(handle, PROXY) == null ? null : field(Access.getter(Access.find(handle, PROXY), "parentPooledConnection"));
    }

    @Override
    Result reclaimLost(Object pool, Object entry, String reason) throws Throwable {
        PoolMembers m = pools.of(pool.getClass());
        Object manager = m.poolManager.get(pool);
        if (manager == null) {
            return Result.ALREADY_BACK; // the pool was reset or closed: its resources are gone
        }
        Object rp = (Object) m.rp.invokeExact(m.getPool.invoke(manager));
        synchronized (rp) { // BasicResourcePool guards its maps with itself
            if (!((Map<?, ?>) m.managed.get(rp)).containsKey(entry) || ((Collection<?>) m.unused.get(rp)).contains(entry)) {
                return Result.ALREADY_BACK;
            }
        }
        m.markBroken.invoke(rp, entry);
        synchronized (rp) {
            return ((Map<?, ?>) m.managed.get(rp)).containsKey(entry) ? Result.STILL_IN_USE : Result.RECLAIMED;
        }
    }

    @Override
    boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable {
        ProxyMembers p = proxies.of(Access.find(handle.getClass(), PROXY));
        p.inner.setVolatile(handle, stale);
        return p.parent.compareAndSet(handle, entry, null);
    }

    @Override
    void disarm(Object handle, Object entry, Connection stale) throws Throwable {
        ProxyMembers p = proxies.of(Access.find(handle.getClass(), PROXY));
        p.parent.compareAndSet(handle, entry, null);
    }

    @Override
    Result reclaimAbandoned(Object pool, Object handle, Object entry, Connection stale, String reason) throws Throwable {
        Result r = reclaimLost(pool, entry, reason);
        ProxyMembers p = proxies.of(Access.find(handle.getClass(), PROXY));
        p.inner.setVolatile(handle, stale); // destroying the resource may have cleared it
        return r;
    }
}
