package com.acme.faults;

import com.acme.scenarios.Agent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small application whose output must not change when the agent's own reporting fails: with
 * {@code inject}, two dump listeners inside the agent throw (a RuntimeException and an Error).
 */
public final class FaultScenario {

    public static void main(String[] args) throws Exception {
        boolean inject = args.length > 0 && args[0].equals("inject");
        AtomicInteger goodListenerCalls = new AtomicInteger();
        if (inject) {
            Internals.addDumpListener(file -> {
                throw new IllegalStateException("injected listener fault");
            });
            Internals.addDumpListener(file -> {
                throw new AssertionError("injected listener error");
            });
            Internals.addDumpListener(file -> goodListenerCalls.incrementAndGet());
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:fault;DB_CLOSE_DELAY=-1"); // SETUP
             Statement st = c.createStatement()) {
            st.execute("create table item(id int primary key, name varchar(20))");
            st.execute("insert into item values (1, 'tea'), (2, 'coffee'), (3, 'water')");
        }
        for (int round = 0; round < 2; round++) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:fault"); // QUERY
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select id, name from item order by id")) {
                while (rs.next()) {
                    System.out.println("APP row " + rs.getInt(1) + " " + rs.getString(2));
                }
            }
            if (Agent.snapshotJson() != null) {
                Path dump = Agent.dump("round " + round);
                System.out.println("DUMP " + dump);
            }
        }
        System.out.println("GOOD-LISTENER " + goodListenerCalls.get());
        Agent.printSnapshot();
        System.out.println("APP done");
    }
}
