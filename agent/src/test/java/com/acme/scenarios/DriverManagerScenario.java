package com.acme.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Plain JDBC: 100 correct borrows, one leak, one connection still held at the end. */
public final class DriverManagerScenario {

    static final String URL = "jdbc:h2:mem:dm;DB_CLOSE_DELAY=-1";

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Connection c = DriverManager.getConnection(URL)) { // CORRECT
                c.isValid(1);
            }
        }
        leakOne();
        Agent.awaitLeaks(1);
        Connection held = DriverManager.getConnection(URL); // HELD
        Agent.printSnapshot();
        held.close();
    }

    static void leakOne() throws SQLException {
        DriverManager.getConnection(URL); // LEAK
    }
}
