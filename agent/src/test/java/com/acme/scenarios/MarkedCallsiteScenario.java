package com.acme.scenarios;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Direct getConnection() call sites, marked as this class loads: a hot loop, a helper and a held
 * connection each count exactly, at their own lines.
 */
public final class MarkedCallsiteScenario {

    public static void main(String[] args) throws Exception {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:h2:mem:marked");
        cfg.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            int n = 0;
            while (n < 20_000 || System.nanoTime() < deadline && n < 2_000_000) {
                try (Connection c = ds.getConnection()) { // LOOP
                    n++;
                }
            }
            int more = borrowMany(ds, 5_000);
            Connection held = ds.getConnection(); // HELD
            System.out.println("LOOP " + n + " MORE " + more);
            Agent.printSnapshot();
            held.close();
        }
    }

    static int borrowMany(DataSource ds, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            try (Connection c = ds.getConnection()) { // MORE
                c.getAutoCommit();
            }
        }
        return count;
    }
}
