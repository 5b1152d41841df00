package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One connection from {@link #leakOne()} is never closed and becomes garbage. */
public final class LeakScenario {

    public static void main(String[] args) throws Exception {
        leakOne();
        Agent.awaitLeaks(1);
        Dumps.awaitDump(Dumps.dir(args), "leak");
    }

    static void leakOne() throws SQLException {
        DriverManager.getConnection(Dumps.URL); // LEAK
    }
}
