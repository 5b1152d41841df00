package io.conntrack.pools;

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
        s.active = number(call(pool, "getNumBusyConnectionsDefaultUser"));
        s.idle = number(call(pool, "getNumIdleConnectionsDefaultUser"));
        s.waiting = number(call(pool, "getNumThreadsAwaitingCheckoutDefaultUser"));
    }
}
