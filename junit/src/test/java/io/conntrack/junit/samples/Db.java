package io.conntrack.junit.samples;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** An in-memory H2 database for the samples, and the connections they leak on purpose. */
public final class Db {

    public static final String URL = "jdbc:h2:mem:samples;DB_CLOSE_DELAY=-1";
    private static final List<Connection> KEPT = new ArrayList<>();

    private Db() {
    }

    /** Keeps a leaked connection reachable (so it stays open, not collected) until {@link #closeKept()}. */
    public static synchronized void keep(Connection c) {
        KEPT.add(c);
    }

    public static synchronized void closeKept() throws SQLException {
        for (Connection c : KEPT) {
            c.close();
        }
        KEPT.clear();
    }
}
