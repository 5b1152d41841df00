package com.acme.dumps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/** Holds 4 connections from one line (run with limit=3) until the limit dump is written. */
public final class LimitScenario {

    public static void main(String[] args) throws Exception {
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(DriverManager.getConnection(Dumps.URL)); // HOLD
        }
        Dumps.awaitDump(Dumps.dir(args), "limit");
        for (Connection c : held) {
            c.close();
        }
    }
}
