package com.acme.callsites;

import com.acme.scenarios.Agent;
import com.acme.scenarios.Pools;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Paths;

/** count(int) closes what it takes, count(String) does not: only count(String)'s line may be blamed. */
public final class OverloadScenario {

    public static void main(String[] args) throws Exception {
        try (HikariDataSource ds = Pools.hikari("overload", 10)) {
            OverloadedDao dao = new OverloadedDao(ds);
            for (int i = 0; i < 5; i++) {
                dao.count(i);
            }
            for (int i = 0; i < 3; i++) {
                dao.count("key" + i);
            }
            Agent.awaitDumpFile(Paths.get(args[0]), "limit"); // the monitor turns the passed limit into its dump and warning
            Agent.printSnapshot();
            System.out.println("DUMP " + Agent.dump("overloads"));
            for (java.sql.Connection c : dao.forgotten) {
                c.close();
            }
        }
    }
}
