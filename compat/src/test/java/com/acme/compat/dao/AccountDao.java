package com.acme.compat.dao;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The application's DAO: borrows from a pool, or from DriverManager when there is none. The markers
 * at line ends are how the tests find the expected callsites.
 */
public final class AccountDao {

    private final DataSource ds;
    private final Db db;

    public AccountDao(DataSource ds, Db db) {
        this.ds = ds;
        this.db = db;
    }

    /** A correct borrow: opened, used, closed. */
    public int ping() throws SQLException {
        try (Connection c = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url, db.user, db.password); // BORROW
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(db.query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The planted bug: the connection is used and never closed. */
    public int pingAndForget() throws SQLException {
        Connection c = ds != null ? ds.getConnection() : DriverManager.getConnection(db.url, db.user, db.password); // LEAK
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(db.query);
        rs.next();
        int v = rs.getInt(1);
        rs.close();
        s.close();
        return v;
    }

    /** Holds one connection until {@code release} runs; for fault scenarios. */
    public Connection hold() throws SQLException {
        return ds != null ? ds.getConnection() : DriverManager.getConnection(db.url, db.user, db.password); // HOLD
    }
}
