package com.acme.loaders.workload;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Runs inside an isolated class loader (with its own copy of H2): direct getConnection() calls in a
 * loop, which ConnTrack marks by retransforming this class, and one connection it never closes.
 */
public final class LoaderWorkload {

    private static final String URL = "jdbc:h2:mem:isolated;DB_CLOSE_ON_EXIT=FALSE";
    private static final JdbcDataSource DS = new JdbcDataSource();
    /** Leaked: reachable only through this class, so only through its loader. */
    private static Connection leaked;

    static {
        DS.setURL(URL);
    }

    private LoaderWorkload() {
    }

    public static int borrow(int n) throws SQLException {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            Connection c = DS.getConnection(); // ISOLATED
            try {
                ok += c.isValid(1) ? 1 : 0;
            } finally {
                c.close();
            }
        }
        return ok;
    }

    public static void leakOne() throws SQLException {
        leaked = DS.getConnection(); // ISOLATED-LEAK
    }
}
