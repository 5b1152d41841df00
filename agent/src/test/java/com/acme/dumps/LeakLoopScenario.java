package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * 10,000 acquisitions in 10 rounds of 1,000: every 200th is held to the end (50), every odd one is
 * leaked (5,000), the rest are closed (4,950). After each round it waits until the agent has counted
 * the round's leaks, so leak triggers fire round after round. Ends with an on-demand dump.
 */
public final class LeakLoopScenario {

    static final int ROUNDS = 10;
    static final int PER_ROUND = 1000;

    public static void main(String[] args) throws Exception {
        List<Connection> held = new ArrayList<>();
        long leaks = 0;
        int i = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int j = 0; j < PER_ROUND; j++, i++) {
                if (i % 200 == 0) {
                    held.add(DriverManager.getConnection(Dumps.URL)); // HELD
                } else if (i % 2 == 1) {
                    leakOne();
                    leaks++;
                } else {
                    DriverManager.getConnection(Dumps.URL).close(); // CLOSED
                }
            }
            Agent.awaitLeaks(leaks);
        }
        System.out.println("DUMP-PATH " + Agent.dump("end of the leak loop"));
        for (Connection c : held) {
            c.close();
        }
    }

    static void leakOne() throws SQLException {
        DriverManager.getConnection(Dumps.URL); // LEAK
    }
}
