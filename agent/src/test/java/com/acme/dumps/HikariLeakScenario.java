package com.acme.dumps;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real HikariCP pool, whose own {@code PoolBase.newConnection} holds every physical connection it
 * opened (the pool-owned callsite with the most open connections), an application line that keeps one
 * borrowed connection open and one that leaks a borrowed connection: the leak dump must put the leak
 * first and the pool only in its own list.
 */
public final class HikariLeakScenario {

    public static void main(String[] args) throws Exception {
        try (HikariDataSource ds = Pools.hikari("hikari-dumps", 4)) {
            for (int i = 0; i < 20; i++) {
                try (Connection c = ds.getConnection()) { // BORROW
                    c.isValid(1);
                }
            }
            Connection held = ds.getConnection(); // HELD
            leakOne(ds);
            Agent.awaitLeaks(1);
            Dumps.awaitDump(Dumps.dir(args), "leak");
            held.close();
        }
    }

    static void leakOne(HikariDataSource ds) throws SQLException {
        ds.getConnection(); // LEAK
    }
}
