package io.conntrack.junit.samples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.conntrack.junit.ConnTrackLeakCheck;
import java.sql.Connection;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pools created before the tests, as a Spring test context caches them, and a fixture connection
 * taken in {@code @BeforeAll}: none of that counts against a test; a borrowed connection not given
 * back does.
 */
@ConnTrackLeakCheck
public class CachedPoolSample {

    static HikariDataSource hikari;
    static JdbcConnectionPool h2Pool;
    static Connection fixture;

    @BeforeAll
    static void pools() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Db.URL);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(2);
        config.setPoolName("cached-pool-sample");
        hikari = new HikariDataSource(config);
        h2Pool = JdbcConnectionPool.create(Db.URL, "", "");
        fixture = h2Pool.getConnection(); // held by the class until @AfterAll
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
        h2Pool.dispose();
        hikari.close();
    }

    @Test
    void borrowsFromHikariAndGivesBack() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (Connection c = hikari.getConnection(); Statement s = c.createStatement()) {
                s.execute("select 1");
            }
        }
    }

    @Test
    void borrowsFromH2PoolAndGivesBack() throws Exception {
        try (Connection c = h2Pool.getConnection(); Statement s = fixture.createStatement()) {
            s.execute("select 1");
        }
    }

    @Test
    void forgetsToGiveBack() throws Exception {
        Db.keep(hikari.getConnection()); // leak-line:hikari
    }
}
