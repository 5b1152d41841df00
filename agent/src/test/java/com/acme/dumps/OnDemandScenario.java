package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.sql.Connection;
import java.sql.DriverManager;

/** Holds one connection and asks for a dump with the reason given as {@code args[1]}. */
public final class OnDemandScenario {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(Dumps.URL)) { // HELD
            System.out.println("DUMP-PATH " + Agent.dump(args.length > 1 ? args[1] : "why"));
        }
    }
}
