package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * An application whose dump folder cannot be written: it asks for a dump (which must go to stderr),
 * keeps working, and, when {@code args[1]} names a file that blocks the folder, removes it mid-run (as
 * an operator would) and holds two connections from one line (run with limit=1) so that the next
 * trigger's dump can land in the folder.
 */
public final class UnwritableScenario {

    public static void main(String[] args) throws Exception {
        Path dir = Dumps.dir(args);
        System.out.println("APP step 1");
        try (Connection c = DriverManager.getConnection(Dumps.URL)) { // HELD
            System.out.println("FIRST-DUMP " + Agent.dump("first"));
        }
        for (int i = 0; i < 10; i++) {
            DriverManager.getConnection(Dumps.URL).close(); // AFTER
        }
        System.out.println("APP step 2");
        Agent.printSnapshot();
        if (args.length > 1) {
            Files.delete(Paths.get(args[1]));
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(DriverManager.getConnection(Dumps.URL)); // OVER-LIMIT
            }
            System.out.println("LATER-DUMP " + Dumps.awaitDump(dir, "limit"));
            for (Connection c : held) {
                c.close();
            }
        }
        System.out.println("APP done");
    }
}
