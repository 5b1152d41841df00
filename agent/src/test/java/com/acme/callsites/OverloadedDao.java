package com.acme.callsites;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Two overloads that start alike (same bytecode offset of the getConnection() call); only one leaks. */
public final class OverloadedDao {

    private final DataSource ds;
    final List<Connection> forgotten = new ArrayList<>();

    public OverloadedDao(DataSource ds) {
        this.ds = ds;
    }

    public int count(int id) throws SQLException {
        Connection c = ds.getConnection(); // COUNT-INT
        try {
            return c.isValid(1) ? id : -1;
        } finally {
            c.close();
        }
    }

    public int count(String key) throws SQLException {
        Connection c = ds.getConnection(); // COUNT-STRING
        forgotten.add(c); // the bug: never closed
        return c.isValid(1) ? key.length() : -1;
    }
}
