package com.acme.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Borrows, queries, closes: the well-behaved callsite. */
public final class OrderDao {

    private final DataSource ds;

    public OrderDao(DataSource ds) {
        this.ds = ds;
    }

    public void load() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }
}
