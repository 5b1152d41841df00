package io.conntrack.pools;

/**
 * Agroal: {@code io.agroal.api.AgroalDataSource}. Its live counts come from {@code getMetrics()}, which
 * counts only when the data source was configured with {@code metricsEnabled(true)}; without it the
 * counts are left unknown.
 */
final class AgroalPoolReader extends PoolReader {

    @Override
    String type() {
        return "agroal";
    }

    @Override
    boolean accepts(Class<?> c) {
        return hasType(c, "io.agroal.api.AgroalDataSource");
    }

    @Override
    void read(Object pool, PoolState s) throws Exception {
        Object config = call(pool, "getConfiguration");
        Object poolConfig = call(config, "connectionPoolConfiguration");
        s.maxSize = number(call(poolConfig, "maxSize"));
        long timeout = number(call(poolConfig, "acquisitionTimeout"));
        s.connectionTimeoutMillis = timeout > 0 ? timeout : PoolState.UNKNOWN; // 0: wait for ever
        if (!Boolean.TRUE.equals(call(config, "metricsEnabled"))) {
            s.readError = "metrics not enabled in the Agroal configuration (metricsEnabled(true))";
            return;
        }
        Object m = call(pool, "getMetrics");
        s.active = number(call(m, "activeCount"));
        s.idle = number(call(m, "availableCount"));
        s.waiting = number(call(m, "awaitingCount"));
    }
}
