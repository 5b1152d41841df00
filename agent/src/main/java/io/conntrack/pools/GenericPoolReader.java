package io.conntrack.pools;

/**
 * Any other {@code DataSource}: the common getter names of pools (HikariCP-like, DBCP-like, c3p0-like),
 * each read only if the class has it. A data source that has none of them is listed with ConnTrack's
 * own numbers alone.
 */
final class GenericPoolReader extends PoolReader {

    private static final String[] NAME = {"getPoolName", "getName"};
    private static final String[] MAX = {"getMaximumPoolSize", "getMaxPoolSize", "getMaxTotal", "getMaxActive", "getMaxSize"};
    private static final String[] ACTIVE = {"getActiveConnections", "getNumActive", "getNumBusyConnections", "getActive"};
    private static final String[] IDLE = {"getIdleConnections", "getNumIdle", "getNumIdleConnections", "getIdle"};
    private static final String[] WAITING = {"getThreadsAwaitingConnection", "getNumWaiters", "getWaitCount"};

    @Override
    String type() {
        return "other";
    }

    @Override
    boolean accepts(Class<?> c) {
        return true;
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        Object name = first(pool, NAME);
        s.name = name instanceof String ? (String) name : null;
        s.maxSize = number(first(pool, MAX));
        s.active = number(first(pool, ACTIVE));
        s.idle = number(first(pool, IDLE));
        s.waiting = number(first(pool, WAITING));
    }

    /** Whether the class has a pool's getters (a maximum size, active or idle counts), by their names alone. */
    static boolean hasPoolGetters(Class<?> c) {
        for (String[] names : new String[][] {MAX, ACTIVE, IDLE}) {
            for (String n : names) {
                if (find(c, n) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object first(Object pool, String[] names) throws Exception {
        for (String n : names) {
            if (find(pool.getClass(), n) != null) {
                return call(pool, n);
            }
        }
        return null;
    }
}
