package com.acme.dumps;

import com.acme.scenarios.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Borrows, takes an on-demand dump, optionally deletes a file ({@code args[0]}, e.g. the filler of a
 * full disk) and dumps again, then exits holding one connection (so an exit dump follows).
 */
public final class DumpFolderScenario {

    /** Reachable until exit: a collected connection counts as leaked, not open, and no exit dump follows. */
    static Connection held;

    public static void main(String[] args) throws Exception {
        String url = "jdbc:h2:mem:folder;DB_CLOSE_DELAY=-1";
        for (int i = 0; i < 10; i++) {
            try (Connection c = DriverManager.getConnection(url)) { // FOLDER
                c.isValid(1);
            }
        }
        held = DriverManager.getConnection(url); // FOLDER-HELD
        System.out.println("DUMP " + Agent.dump("first"));
        if (args.length > 0) {
            Files.deleteIfExists(Paths.get(args[0]));
            System.out.println("DUMP " + Agent.dump("after freeing space"));
        }
        System.out.println("APP ok " + held.isValid(1));
    }
}
