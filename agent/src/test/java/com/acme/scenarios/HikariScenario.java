package com.acme.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** HikariCP: 100 borrows, one proxy leaked and collected, one held; then the pool shuts down. */
public final class HikariScenario {

    public static void main(String[] args) throws Exception {
        try (HikariDataSource ds = Pools.hikari("hikari", 4)) {
            for (int i = 0; i < 100; i++) {
                try (Connection c = ds.getConnection()) { // BORROW
                    c.isValid(1);
                }
            }
            leakOne(ds);
            Agent.awaitLeaks(1);
            Connection held = ds.getConnection(); // HELD
            Agent.printSnapshot();
            held.close();
        }
        Agent.printSnapshot();
    }

    static void leakOne(HikariDataSource ds) throws SQLException {
        ds.getConnection(); // LEAK
    }
}
