package io.conntrack.pools;

import java.lang.reflect.Field;

/** c3p0: {@code com.mchange.v2.c3p0.PooledDataSource} (the default user's pool: the one {@code getConnection()} uses). */
final class C3p0PoolReader extends PoolReader {

    @Override
    String type() {
        return "c3p0";
    }

    @Override
    boolean accepts(Class<?> c) {
        return hasType(c, "com.mchange.v2.c3p0.PooledDataSource") && find(c, "getMaxPoolSize") != null;
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        s.name = (String) call(pool, "getDataSourceName");
        s.maxSize = number(call(pool, "getMaxPoolSize"));
        long timeout = number(call(pool, "getCheckoutTimeout"));
        s.connectionTimeoutMillis = timeout > 0 ? timeout : PoolState.UNKNOWN; // 0: wait for ever
        if (closed(pool)) {
            s.readError = "pool closed"; // its counters would throw "has been closed()"
            return;
        }
        s.active = number(call(pool, "getNumBusyConnectionsDefaultUser"));
        s.idle = number(call(pool, "getNumIdleConnectionsDefaultUser"));
        s.waiting = number(call(pool, "getNumThreadsAwaitingCheckoutDefaultUser"));
    }

    /** c3p0 has no public isClosed(): its data sources keep the state in a field of their common superclass. */
    private static boolean closed(Object pool) {
        for (Class<?> c = pool.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("is_closed");
                f.setAccessible(true);
                return f.getBoolean(pool);
            } catch (NoSuchFieldException e) {
                // not declared here: its superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false; // unreadable (a named module): the counters' own failure says it
            }
        }
        return false;
    }
}
