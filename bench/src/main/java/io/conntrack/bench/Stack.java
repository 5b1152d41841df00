package io.conntrack.bench;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Acquires and closes a connection from {@code depth} frames above the caller, as deep application code would. */
final class Stack {

    private Stack() {
    }

    static Connection acquireCloseAt(int depth, DataSource ds) throws SQLException {
        if (depth > 0) {
            return acquireCloseAt(depth - 1, ds);
        }
        Connection c = ds.getConnection();
        c.close();
        return c;
    }
}
