package io.conntrack.pools;

/** HikariCP: {@code HikariDataSource} and its {@code HikariPoolMXBean} (null until the pool starts and once closed). */
final class HikariPoolReader extends PoolReader {

    @Override
    String type() {
        return "hikari";
    }

    @Override
    boolean accepts(Class<?> c) {
        return hasType(c, "com.zaxxer.hikari.HikariDataSource");
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        s.name = (String) call(pool, "getPoolName");
        s.maxSize = number(call(pool, "getMaximumPoolSize"));
        s.connectionTimeoutMillis = number(call(pool, "getConnectionTimeout"));
        long leak = number(call(pool, "getLeakDetectionThreshold"));
        s.leakDetectionThresholdMillis = leak > 0 ? leak : PoolState.UNKNOWN;
        Object mx = call(pool, "getHikariPoolMXBean");
        if (mx == null) {
            s.readError = Boolean.TRUE.equals(call(pool, "isClosed")) ? "pool closed" : "pool not started";
            return;
        }
        s.active = number(call(mx, "getActiveConnections"));
        s.idle = number(call(mx, "getIdleConnections"));
        s.waiting = number(call(mx, "getThreadsAwaitingConnection"));
    }
}
