package com.acme.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A child application that uses connections all the time: keeps {@code args[0]} connections open
 * and opens/closes one every 20 ms, each at its own callsite. Prints READY once the first loop ran.
 */
public final class LoopApp {

    static final String URL = "jdbc:h2:mem:loop;DB_CLOSE_DELAY=-1";

    private LoopApp() {
    }

    public static void main(String[] args) throws Exception {
        ChildMain.exitWhenStdinCloses();
        int keep = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<Connection> kept = new ArrayList<>();
        boolean ready = false;
        while (true) {
            if (kept.size() < keep) {
                kept.add(keepOpen());
            }
            churn();
            if (!ready && kept.size() == keep) {
                System.out.println("READY " + ProcessHandle.current().pid());
                System.out.flush();
                ready = true;
            }
            Thread.sleep(20);
        }
    }

    static Connection keepOpen() throws SQLException {
        return DriverManager.getConnection(URL, "sa", "");
    }

    public static void churn() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", "")) {
            c.createStatement().execute("select 1");
        }
    }
}
