package com.acme.callsites;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Loaded twice, by two class loaders (two web apps of one server): the same line, two callsites. */
public final class TwinDao {

    private TwinDao() {
    }

    public static Connection borrow(DataSource ds) throws SQLException {
        return ds.getConnection(); // TWIN
    }
}
