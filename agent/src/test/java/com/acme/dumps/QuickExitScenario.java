package com.acme.dumps;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds 2 connections from one line (run with limit=1) and exits the moment the limit dump's JSON
 * file exists, before its own logging was ever used (the agent's warning is the first log line).
 */
public final class QuickExitScenario {

    public static void main(String[] args) throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(DriverManager.getConnection(Dumps.URL)); // HOLD
        }
        Path dir = Dumps.dir(args);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && !exists(dir)) {
            Thread.sleep(10);
        }
        for (Connection c : held) {
            c.close();
        }
    }

    private static boolean exists(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "conntrack-*-limit.json")) {
            return s.iterator().hasNext();
        }
    }
}
