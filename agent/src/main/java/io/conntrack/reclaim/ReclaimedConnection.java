package io.conntrack.reclaim;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a reclaimed handle leads to instead of its physical connection: every call but {@code close},
 * {@code abort}, {@code isClosed} and {@code isValid} throws an {@link SQLException} that names
 * ConnTrack, the option and the line the connection was acquired at. Installed in the pool's handle
 * before the physical connection is evicted, so the handle can never reach a connection the pool
 * hands to another thread. Its SQLState {@value #SQL_STATE} is one no pool takes for a broken
 * connection (HikariCP evicts on 08xxx).
 */
final class ReclaimedConnection implements InvocationHandler {

    static final String SQL_STATE = "55000";

    private final String message;

    private ReclaimedConnection(String message) {
        this.message = message;
    }

    /** A connection whose calls fail with {@code message}. */
    static Connection create(String message) {
        return (Connection) Proxy.newProxyInstance(ReclaimedConnection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ReclaimedConnection(message));
    }

    /** The message a handle's calls fail with after ConnTrack reclaimed it. */
    static String message(String callsite, long heldMillis, long reclaimAfterMillis) {
        return "ConnTrack reclaimed this connection (reclaim=abandoned, reclaimAfter=" + seconds(reclaimAfterMillis)
                + "): it was acquired at " + callsite + " and held for " + seconds(heldMillis)
                + " after the method that acquired it had returned, so ConnTrack gave it back to its pool;"
                + " this handle no longer reaches any connection. Close each connection in the method that acquires it"
                + " (try-with-resources).";
    }

    static String seconds(long millis) {
        return millis % 60_000 == 0 ? millis / 60_000 + "m" : millis % 1000 == 0 ? millis / 1000 + "s"
                : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
            case "abort":
                return null;
            case "isClosed":
                return Boolean.TRUE;
            case "isValid":
                return Boolean.FALSE;
            case "isWrapperFor":
                return Boolean.FALSE;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "ConnTrack's reclaimed connection";
            default:
                throw new SQLException(message, SQL_STATE);
        }
    }
}
