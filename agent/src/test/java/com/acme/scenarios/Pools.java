package com.acme.scenarios;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The real pools the scenarios use, all over an in-memory H2 database. */
public final class Pools {

    private Pools() {
    }

    public static String h2Url(String db) {
        return "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
    }

    public static JdbcDataSource h2(String db) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(h2Url(db));
        return ds;
    }

    public static HikariDataSource hikari(String db, int maxSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("hikari-" + db);
        cfg.setJdbcUrl(h2Url(db));
        cfg.setMaximumPoolSize(maxSize);
        cfg.setMinimumIdle(1);
        return new HikariDataSource(cfg);
    }
}
