package io.conntrack.pools;

/** Tomcat JDBC: {@code org.apache.tomcat.jdbc.pool.DataSource} ({@code DataSourceProxy}). */
final class TomcatPoolReader extends PoolReader {

    @Override
    String type() {
        return "tomcat";
    }

    @Override
    boolean accepts(Class<?> c) {
        return hasType(c, "org.apache.tomcat.jdbc.pool.DataSourceProxy");
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        s.name = (String) call(pool, "getName");
        s.maxSize = number(call(pool, "getMaxActive"));
        s.connectionTimeoutMillis = number(call(pool, "getMaxWait"));
        if (call(pool, "getPool") == null) { // created on the first getConnection, gone after close
            s.readError = "pool not started or closed";
            return;
        }
        s.active = number(call(pool, "getActive"));
        s.idle = number(call(pool, "getIdle"));
        s.waiting = number(call(pool, "getWaitCount"));
    }
}
