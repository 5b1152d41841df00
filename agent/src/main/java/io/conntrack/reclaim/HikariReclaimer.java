package io.conntrack.reclaim;

import io.conntrack.reclaim.Access.NotReclaimable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;

/**
 * HikariCP: the handle is a {@code HikariProxyConnection} whose {@code poolEntry} is the pool's entry
 * (kept from the acquisition). A lost entry is closed with the pool's own
 * {@code HikariPool.closeConnection(entry, reason)}, the method its eviction and maxLifetime use: it
 * leaves the bag and the pool opens a new connection for waiting borrowers. An abandoned handle's
 * {@code delegate} is swapped (compare-and-set) for ConnTrack's reclaimed connection after the entry was
 * marked evicted (a close racing with it closes the entry instead of returning it), then the entry goes
 * the same way; a later close() of the handle finds it closed ({@link #disarm}) and does nothing.
 */
final class HikariReclaimer extends PoolReclaimer {

    static final String PROXY = "com.zaxxer.hikari.pool.ProxyConnection";
    private static final int STATE_IN_USE = 1;
    private static final int STATE_REMOVED = -1;

    /** Per PoolEntry class: the members used on the entry and its pool. */
    private final Access.PerClass<EntryMembers> entries = Access.perClass(EntryMembers::new);
    private final Access.PerClass<ProxyMembers> proxies = Access.perClass(ProxyMembers::new);

    private static final class EntryMembers {
        final Method getState;
        final Method markEvicted;
        final MethodHandle pool;
        final Method closeConnection;

        EntryMembers(Class<?> entry) throws NotReclaimable {
            getState = Access.method(entry, "getState");
            markEvicted = Access.method(entry, "markEvicted");
            pool = Access.getter(entry, "hikariPool");
            Class<?> hikariPool = Access.load("com.zaxxer.hikari.pool.HikariPool", entry);
            closeConnection = Access.method(hikariPool, "closeConnection", entry, String.class);
        }
    }

    private static final class ProxyMembers {
        final VarHandle delegate;
        final Object closed;

        ProxyMembers(Class<?> proxy) throws NotReclaimable {
            delegate = Access.varHandle(proxy, "delegate");
            try {
                Field f = Access.load(PROXY + "$ClosedConnection", proxy).getDeclaredField("CLOSED_CONNECTION");
                f.setAccessible(true);
                closed = f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new NotReclaimable("HikariCP's ProxyConnection.ClosedConnection.CLOSED_CONNECTION cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
    }

    @Override
    String type() {
        return "hikari";
    }

    @Override
    boolean accepts(String poolClass) {
        return poolClass.startsWith("com.zaxxer.hikari.");
    }

    @Override
    Keeper keeper(Class<?> handle) throws NotReclaimable {
        Class<?> proxy = Access.find(handle, PROXY);
        return proxy == null ? null : field(Access.getter(proxy, "poolEntry"));
    }

    private EntryMembers entry(Object entry) throws NotReclaimable {
        return entries.of(entry.getClass());
    }

    private ProxyMembers proxy(Object handle) throws NotReclaimable {
        Class<?> proxy = Access.find(handle.getClass(), PROXY);
        if (proxy == null) {
            throw new NotReclaimable(handle.getClass().getName() + " is not a HikariCP ProxyConnection");
        }
        return proxies.of(proxy);
    }

    @Override
    Result reclaimLost(Object pool, Object entry, String reason) throws Throwable {
        EntryMembers m = entry(entry);
        if ((Integer) m.getState.invoke(entry) != STATE_IN_USE) {
            return Result.ALREADY_BACK;
        }
        m.markEvicted.invoke(entry);
        m.closeConnection.invoke((Object) m.pool.invokeExact(entry), entry, reason);
        return (Integer) m.getState.invoke(entry) == STATE_REMOVED ? Result.RECLAIMED : Result.STILL_IN_USE;
    }

    @Override
    boolean disconnect(Object handle, Object entry, Connection stale) throws Throwable {
        EntryMembers e = entry(entry);
        ProxyMembers p = proxy(handle);
        if ((Integer) e.getState.invoke(entry) != STATE_IN_USE) {
            return false;
        }
        e.markEvicted.invoke(entry); // a close racing with what follows closes the entry instead of returning it
        Object current = p.delegate.getVolatile(handle);
        return current != p.closed && current != stale && p.delegate.compareAndSet(handle, current, stale);
    }

    @Override
    void disarm(Object handle, Object entry, Connection stale) throws Throwable {
        ProxyMembers p = proxy(handle);
        p.delegate.setVolatile(handle, p.closed); // HikariCP's close() of a closed proxy does nothing
    }

    @Override
    Result reclaimAbandoned(Object pool, Object handle, Object entry, Connection stale, String reason) throws Throwable {
        return reclaimLost(pool, entry, reason); // the handle leads nowhere now: the entry goes as a lost one's
    }
}
