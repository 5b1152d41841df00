package com.acme.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Forgets to close: the connection proxy becomes garbage while open. */
public final class LeakyDao {

    private final DataSource ds;

    public LeakyDao(DataSource ds) {
        this.ds = ds;
    }

    public int leak() throws SQLException {
        Connection c = ds.getConnection();
        return c.getTransactionIsolation();
    }
}
