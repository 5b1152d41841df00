package com.acme.dumps;

import com.acme.scenarios.Agent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's dumps between triggers (run with limit=2, dumpInterval=60s): an on-demand dump first,
 * then line FIRST passes the limit (its dump must come at once), then a connection from line LEAK is
 * garbage-collected within the interval (its leak dump held back), then two on-demand dumps that both
 * show that held back. Prints each on-demand dump's path (ON-DEMAND-n).
 */
public final class OnDemandBetweenTriggersScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path dir = Dumps.dir(args);
        DriverManager.getConnection(Dumps.URL).close();
        System.out.println("ON-DEMAND-1 " + Agent.dump("before any trigger"));
        List<Connection> held = new ArrayList<>(first());
        Dumps.awaitDump(dir, "limit");
        leak();
        Path seen = null;
        for (long end = System.nanoTime() + 20_000_000_000L; seen == null && System.nanoTime() < end; ) {
            System.gc();
            Thread.sleep(200);
            Path p = Agent.dump("is the leak held back yet?");
            if (JSON.readTree(p.toFile()).get("suppressedTriggers").size() > 0) {
                seen = p;
            }
        }
        System.out.println("ON-DEMAND-2 " + seen);
        System.out.println("ON-DEMAND-3 " + Agent.dump("once more"));
        for (Connection c : held) {
            c.close();
        }
    }

    static List<Connection> first() throws SQLException {
        List<Connection> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(DriverManager.getConnection(Dumps.URL)); // FIRST
        }
        return out;
    }

    static void leak() throws SQLException {
        DriverManager.getConnection(Dumps.URL).isValid(1); // LEAK
    }
}
