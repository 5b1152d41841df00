package io.conntrack.junit.samples;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Application code that keeps a connection open on purpose (a cache holding its connection). */
public final class WarmCache {

    private WarmCache() {
    }

    public static void warm() throws SQLException {
        Db.keep(DriverManager.getConnection(Db.URL));
    }
}
