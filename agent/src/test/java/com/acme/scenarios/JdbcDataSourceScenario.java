package com.acme.scenarios;

import java.sql.Connection;
import org.h2.jdbcx.JdbcDataSource;

/** H2's own DataSource: 50 borrows, 5 with user and password, one connection still held. */
public final class JdbcDataSourceScenario {

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = Pools.h2("jdbcds");
        for (int i = 0; i < 50; i++) {
            try (Connection c = ds.getConnection()) { // BORROW
                c.isValid(1);
            }
        }
        for (int i = 0; i < 5; i++) {
            try (Connection c = ds.getConnection("", "")) { // WITH-USER
                c.isValid(1);
            }
        }
        Connection held = ds.getConnection(); // HELD
        Agent.printSnapshot();
        held.close();
        Agent.printSnapshot();
    }
}
