package io.conntrack.pools;

/** Apache Commons DBCP2: {@code BasicDataSource} (it does not tell how many threads wait). */
final class Dbcp2PoolReader extends PoolReader {

    @Override
    String type() {
        return "dbcp2";
    }

    @Override
    boolean accepts(Class<?> c) {
        return hasType(c, "org.apache.commons.dbcp2.BasicDataSource");
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        Object jmx = callIfPresent(pool, "getJmxName");
        s.name = jmx instanceof String ? (String) jmx : null;
        s.maxSize = number(call(pool, "getMaxTotal"));
        Object wait = callIfPresent(pool, "getMaxWaitDuration"); // 2.10+; getMaxWaitMillis before
        s.connectionTimeoutMillis = number(wait != null ? wait : call(pool, "getMaxWaitMillis"));
        if (Boolean.TRUE.equals(callIfPresent(pool, "isClosed"))) {
            s.readError = "pool closed";
            return;
        }
        s.active = number(call(pool, "getNumActive"));
        s.idle = number(call(pool, "getNumIdle"));
    }
}
