package com.acme.metrics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** Keeps connections open until told to close them. */
public final class ReportDao {

    private final DataSource ds;

    public ReportDao(DataSource ds) {
        this.ds = ds;
    }

    public void openInto(List<Connection> held) throws SQLException {
        held.add(ds.getConnection());
    }
}
