package com.acme.dumps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/** Holds 3 + 3 connections from two lines (run with totalLimit=5) until the totalLimit dump is written. */
public final class TotalLimitScenario {

    public static void main(String[] args) throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(DriverManager.getConnection(Dumps.URL)); // HOLD-A
        }
        for (int i = 0; i < 3; i++) {
            held.add(DriverManager.getConnection(Dumps.URL)); // HOLD-B
        }
        Dumps.awaitDump(Dumps.dir(args), "totalLimit");
        for (Connection c : held) {
            c.close();
        }
    }
}
