package io.conntrack.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** HikariCP over an in-memory H2 database; leak detection on when {@code -Dbench.hikari.leakDetectionMillis} is set. */
final class HikariPool {

    static final String LEAK_DETECTION_PROPERTY = "bench.hikari.leakDetectionMillis";

    private HikariPool() {
    }

    static HikariDataSource open(String name, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setPoolName(name);
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(maxPoolSize);
        long leakMillis = Long.getLong(LEAK_DETECTION_PROPERTY, 0L);
        if (leakMillis > 0) {
            config.setLeakDetectionThreshold(leakMillis);
        }
        return new HikariDataSource(config);
    }
}
